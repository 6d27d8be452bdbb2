"""What the nginx scripts read from /proc about a running nginx."""
import os


def workers_of(master):
    """The pids of the worker processes of the nginx master `master`."""
    workers = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/stat") as f:
                stat = f.read()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == master:  # field 4: the parent
            workers.append(int(pid))
    if not workers:
        raise SystemExit(f"no worker process of nginx {master}")
    return workers


def worker_of(master):
    """The pid of a worker process of the nginx master `master` (the one of
    a `worker_processes 1` configuration)."""
    return workers_of(master)[0]
