"""What the nginx scripts read from /proc about a running nginx."""
import os


def worker_of(master):
    """The pid of the worker process of the nginx master `master`."""
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:  # field 4: the parent
            return int(pid)
    raise SystemExit(f"no worker process of nginx {master}")
