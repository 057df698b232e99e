import io.jenkins.plugins.imagemirror.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The warm, in-process side of bench/run.sh: one JVM that runs CLI commands through {@code Main.run} again and
 * again, as a Jenkins agent runs steps. Reads one command per line on stdin (arguments separated by TAB), runs it,
 * and answers one line on stdout:
 *
 * <pre>ok MILLIS EXIT PEAK_RSS_KB CPU_MILLIS PEAK_HEAP_KB HEAP_AFTER_GC_KB</pre>
 *
 * MILLIS is the wall time of {@code Main.run} alone; CPU_MILLIS the CPU time of the whole process meanwhile (all
 * threads: ours, the HTTP client's, JIT and GC). Before each command the kernel's peak-RSS mark
 * ({@code /proc/self/clear_refs}) and the heap pools' peaks are reset, so the peaks belong to that command.
 * The command's stdout is discarded; its stderr goes to this process's stderr when it fails.
 *
 * <p>Run: {@code java -cp target/image-mirror-cli.jar bench/WarmHarness.java}
 */
public final class WarmHarness {
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    public static void main(String[] args) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter reply = new PrintWriter(System.out, true);
        PrintWriter discard = new PrintWriter(OutputStream.nullOutputStream(), true);
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            String[] command = line.split("\t");
            resetPeaks();
            StringWriter err = new StringWriter();
            long cpuStart = OS.getProcessCpuTime();
            long start = System.nanoTime();
            int exit;
            try {
                exit = Main.run(command, discard, new PrintWriter(err, true));
            } catch (RuntimeException e) {
                e.printStackTrace(new PrintWriter(err, true));
                exit = 99;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long cpuMillis = (OS.getProcessCpuTime() - cpuStart) / 1_000_000;
            long rss = peakRssKb();
            long peakHeap = peakHeapKb();
            System.gc();
            long afterGc = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024;
            if (exit != 0) {
                System.err.println("WarmHarness: exit " + exit + " for " + Arrays.toString(command) + "\n" + err);
            }
            reply.println("ok " + millis + " " + exit + " " + rss + " " + cpuMillis + " " + peakHeap + " " + afterGc);
        }
    }

    private static void resetPeaks() {
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

    private static long peakHeapKb() {
        long sum = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                sum += pool.getPeakUsage().getUsed();
            }
        }
        return sum / 1024;
    }

    private static long peakRssKb() {
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
