/* Start-up for a Cortex-M4F C program under QEMU (mps2-an386) with
 * newlib's semihosting library (rdimon): vector table, FPU on, .data copied,
 * .bss zeroed, semihosting handles opened, then exit(main()). newlib's own
 * start-up is not used (-nostartfiles): it hangs in QEMU. A fault exits
 * with status 3. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

extern uint32_t _sidata, _sdata, _edata, _sbss, _ebss, _estack;
extern int main(void);
extern void initialise_monitor_handles(void);

void Reset_Handler(void) {
    /* CPACR: full access to CP10/CP11, the FPU (thumbv7em-none-eabihf code uses it). */
    *(volatile uint32_t *)0xE000ED88u |= 0xFu << 20;
    __asm volatile("dsb\n\tisb");
    memcpy(&_sdata, &_sidata, (size_t)((char *)&_edata - (char *)&_sdata));
    memset(&_sbss, 0, (size_t)((char *)&_ebss - (char *)&_sbss));
    initialise_monitor_handles();
    exit(main());
}

static void Fault_Handler(void) { exit(3); }

__attribute__((section(".isr_vector"), used)) static void (*const vectors[16])(void) = {
    (void (*)(void))(&_estack), Reset_Handler, Fault_Handler, Fault_Handler, Fault_Handler,
    Fault_Handler, Fault_Handler, 0, 0, 0, 0, Fault_Handler, Fault_Handler, 0,
    Fault_Handler, Fault_Handler,
};
