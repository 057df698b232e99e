import io.jenkins.plugins.imagemirror.cli.Main;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
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
 * ({@code /proc/self/clear_refs}) and the heap pools' peaks are reset ({@link Peaks}), so the peaks belong to that command.
 * The command's stdout is discarded; its stderr goes to this process's stderr when it fails.
 *
 * <p>Run (bench/run.sh compiles bench/*.java into target/bench/classes):
 * {@code java -cp target/bench/classes:target/image-mirror-cli.jar WarmHarness}
 */
public final class WarmHarness {
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
            Peaks.reset();
            StringWriter err = new StringWriter();
            long cpuStart = Peaks.processCpuNanos();
            long start = System.nanoTime();
            int exit;
            try {
                exit = Main.run(command, discard, new PrintWriter(err, true));
            } catch (RuntimeException e) {
                e.printStackTrace(new PrintWriter(err, true));
                exit = 99;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long cpuMillis = (Peaks.processCpuNanos() - cpuStart) / 1_000_000;
            long rss = Peaks.rssKb();
            long peakHeap = Peaks.heapKb();
            long afterGc = Peaks.heapAfterGcKb();
            if (exit != 0) {
                System.err.println("WarmHarness: exit " + exit + " for " + Arrays.toString(command) + "\n" + err);
            }
            reply.println("ok " + millis + " " + exit + " " + rss + " " + cpuMillis + " " + peakHeap + " " + afterGc);
        }
    }
}
