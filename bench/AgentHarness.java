import io.jenkins.plugins.imagemirror.jenkins.ImageOutcome;
import io.jenkins.plugins.imagemirror.jenkins.ImageWork;
import io.jenkins.plugins.imagemirror.jenkins.RegistryProfile;
import io.jenkins.plugins.imagemirror.jenkins.StepFlow;
import io.jenkins.plugins.imagemirror.jenkins.StepKind;
import io.jenkins.plugins.imagemirror.jenkins.WorkPlan;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.lang.management.ClassLoadingMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Jenkins side of bench/run.sh: what {@code mirrorImage} runs, in a JVM whose class path is the plugin's jars
 * as an agent receives them (WEB-INF/lib of target/image-mirror.hpi) plus this class, and nothing of Jenkins.
 *
 * <pre>
 * plan FILE HOST,HOST,... KEY=VALUE...   the controller's half, once per scenario: StepFlow.plan (arguments as a
 *                                        Jenkinsfile gives them; every HOST a configured plain-HTTP registry;
 *                                        targets=A;B is a list) and the WorkPlan written as the channel sends it
 *                                        (Java serialization)
 * agent WORKSPACE                        the agent's half: reads one plan FILE per line on stdin, and for each reads
 *                                        the plan back and runs the step's agent-side entry on it (deserialization,
 *                                        ImageWork with its build-log listener, the copy, digests and size report
 *                                        files), then answers one line:
 *   ok MILLIS EXIT PEAK_RSS_KB CPU_MILLIS PEAK_HEAP_KB HEAP_AFTER_GC_KB CLASSES_LOADED
 * </pre>
 *
 * The first line a fresh {@code agent} JVM answers is the cold call (a step on an agent that has not run one yet;
 * the JVM is up, as an agent's is, and has read JDK objects from its channel: {@link #channelTraffic}); later lines
 * are warm calls. MILLIS and CPU_MILLIS (whole process: JIT and GC
 * included) cover the call alone; peaks are reset before it ({@link Peaks}). CLASSES_LOADED is how many classes
 * the call loaded: on an agent, each of ours is fetched over the remoting channel on first use.
 *
 * <p>{@code ImageWorkCallable.invoke} is {@code new ImageWork(workspace, listener.getLogger()).run(plan)}: its
 * Jenkins types (TaskListener, VirtualChannel, MasterToSlaveFileCallable) are the remoting envelope, so the harness
 * calls {@link #runStep} instead, and the class path (no hudson.*, jenkins.*) proves the work itself needs none.
 * Adapt {@link #runStep} when the agent-side entry changes.
 */
public final class AgentHarness {
    public static void main(String[] args) throws Exception {
        if (args.length >= 3 && args[0].equals("plan")) {
            plan(Path.of(args[1]), List.of(args[2].split(",")), List.of(args).subList(3, args.length));
        } else if (args.length == 2 && args[0].equals("agent")) {
            agent(new File(args[1]));
        } else {
            System.err.println("usage: AgentHarness plan FILE HOST,... KEY=VALUE... | agent WORKSPACE");
            System.exit(2);
        }
    }

    /** The step's agent-side entry, as ImageWorkCallable.invoke calls it. */
    static ImageOutcome runStep(WorkPlan plan, File workspace, PrintStream buildLog) throws Exception {
        return new ImageWork(workspace, buildLog).run(plan);
    }

    private static void plan(Path file, List<String> hosts, List<String> arguments)
            throws IOException, InterruptedException {
        List<RegistryProfile> registries = new ArrayList<>();
        for (String host : hosts) {
            registries.add(
                    new RegistryProfile(null, host, null, null, true, RegistryProfile.DEFAULT_MAX_RETRY_WAIT_SECONDS));
        }
        Map<String, Object> step = new LinkedHashMap<>();
        for (String a : arguments) {
            String key = a.substring(0, a.indexOf('=')), value = a.substring(a.indexOf('=') + 1);
            if (key.equals("targets")) {
                List<Map<String, String>> targets = new ArrayList<>();
                for (String t : value.split(";")) {
                    targets.add(Map.of("reference", t));
                }
                step.put(key, targets);
            } else {
                step.put(key, value.equals("true") || value.equals("false") ? (Object) Boolean.valueOf(value) : value);
            }
        }
        WorkPlan plan = new StepFlow(registries, List.of()).plan(StepKind.MIRROR, step, id -> {
            throw new IOException("the benchmark uses no credentials, asked for '" + id + "'");
        });
        try (ObjectOutputStream out = new ObjectOutputStream(Files.newOutputStream(file))) {
            out.writeObject(plan);
        }
    }

    private static void agent(File workspace) throws IOException {
        Files.createDirectories(workspace.toPath());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintWriter reply = new PrintWriter(System.out, true);
        ClassLoadingMXBean classes = ManagementFactory.getClassLoadingMXBean();
        channelTraffic();
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            byte[] sent = Files.readAllBytes(Path.of(line.strip())); // the channel's bytes, read before the call
            Path logFile = workspace.toPath().resolve("build.log");
            Peaks.reset();
            long classesBefore = classes.getTotalLoadedClassCount();
            long cpuStart = Peaks.processCpuNanos();
            long start = System.nanoTime();
            int exit = 0;
            ImageOutcome outcome = null;
            try (PrintStream log =
                            new PrintStream(new FileOutputStream(logFile.toFile()), true, StandardCharsets.UTF_8);
                    ObjectInputStream channel = new ObjectInputStream(new ByteArrayInputStream(sent))) {
                outcome = runStep((WorkPlan) channel.readObject(), workspace, log);
            } catch (Exception | Error e) {
                e.printStackTrace();
                exit = 1;
            }
            long millis = (System.nanoTime() - start) / 1_000_000;
            long cpuMillis = (Peaks.processCpuNanos() - cpuStart) / 1_000_000;
            long loaded = classes.getTotalLoadedClassCount() - classesBefore;
            long rss = Peaks.rssKb();
            long peakHeap = Peaks.heapKb();
            if (outcome != null && outcome.outputDirectory != null) {
                deleteTree(Path.of(outcome.outputDirectory)); // the controller archives, then deletes it
            }
            long afterGc = Peaks.heapAfterGcKb();
            if (exit != 0) {
                System.err.println(
                        "AgentHarness: the step failed for " + line + "; build log:\n" + Files.readString(logFile));
            }
            reply.println("ok " + millis + " " + exit + " " + rss + " " + cpuMillis + " " + peakHeap + " " + afterGc
                    + " " + loaded);
        }
    }

    /**
     * What an agent's channel has done before any step arrives: remoting reads every command with Java
     * serialization (the agent's handshake, pings, FilePath calls), so the JDK's own serialization machinery
     * (ObjectInputStream, ObjectStreamClass, ObjectInputFilter.Config and the System.Logger it opens) is initialised.
     * JDK types only: no class of the plugin is loaded before the timed call.
     */
    private static void channelTraffic() throws IOException {
        ArrayList<Object> command =
                new ArrayList<>(List.of("ping", 1, Boolean.TRUE, new LinkedHashMap<>(Map.of("k", 2L))));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(command);
        }
        try (ObjectInputStream back = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            if (!command.equals(back.readObject())) {
                throw new IOException("the channel traffic did not read back");
            }
        } catch (ClassNotFoundException e) {
            throw new IOException(e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
