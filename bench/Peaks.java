import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the in-process harnesses (WarmHarness, AgentHarness) measure around one command: the process's CPU time, and
 * peaks of RSS and heap reset before the command, so that they belong to it.
 */
final class Peaks {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Peaks() {}

    /** CPU time of the whole process so far (all threads: ours, the HTTP client's, JIT and GC), in nanoseconds. */
    static long processCpuNanos() {
        return OS.getProcessCpuTime();
    }

    /** Collects, then resets the heap pools' peaks and the kernel's peak-RSS mark. */
    static void reset() {
        System.gc();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5"); // resets VmHWM (Linux >= 4.0)
        } catch (IOException e) {
            // then the peak is the process's peak so far
        }
    }

    /** The sum of the heap pools' peaks since {@link #reset}, in KiB. */
    static long heapKb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / 1024;
    }

    /** The heap in use after a full collection (what stays), in KiB. */
    static long heapAfterGcKb() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
    }

    /** Peak RSS since {@link #reset} (VmHWM), in KiB; -1 when unknown. */
    static long rssKb() {
        try {
            for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // fall through
        }
        return -1;
    }
}
