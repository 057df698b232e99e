package io.jenkins.plugins.imagemirror.jenkins.pipeline;

import com.lesfurets.jenkins.unit.BasePipelineTest;
import com.lesfurets.jenkins.unit.MethodCall;
import groovy.lang.Closure;
import io.jenkins.plugins.imagemirror.jenkins.ImageOutcome;
import io.jenkins.plugins.imagemirror.jenkins.ImageWork;
import io.jenkins.plugins.imagemirror.jenkins.RegistryLogin;
import io.jenkins.plugins.imagemirror.jenkins.RegistryProfile;
import io.jenkins.plugins.imagemirror.jenkins.StepFlow;
import io.jenkins.plugins.imagemirror.jenkins.StepKind;
import io.jenkins.plugins.imagemirror.jenkins.WorkPlan;
import io.jenkins.plugins.imagemirror.jenkins.WorkspaceSource;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Jenkinsfile with JenkinsPipelineUnit, with the plugin's real step code behind {@code mirrorImage},
 * {@code buildImage} and {@code imageSizes}: {@link StepFlow} validates and plans, {@link ImageWork} does the work
 * against the test bed's registries in a workspace directory, artifacts are copied to an archive directory, reports
 * collected. Credentials come from a map given by the test (ids → test-bed logins), as Jenkins' credentials store
 * would provide them. {@code sh} is recorded, and executed with bash only when the test enables it.
 */
public class PipelineRun extends BasePipelineTest {
    final Path workspace;
    final Path archive;
    final List<ImageOutcome> reports = new ArrayList<>();
    /** The call ids that archived, in the order they first asked: the artifact sets of the build. */
    final List<String> artifactSets = new ArrayList<>();

    final List<Map<String, Object>> results = new ArrayList<>();
    final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private final StepFlow flow;
    private final Map<String, RegistryLogin> credentials;
    private Path shellPath;

    public PipelineRun(
            Path dir,
            List<RegistryProfile> registries,
            List<String> defaultTargets,
            Map<String, RegistryLogin> credentials)
            throws Exception {
        this.workspace = Files.createDirectories(dir.resolve("workspace"));
        this.archive = Files.createDirectories(dir.resolve("archive"));
        this.flow = new StepFlow(registries, defaultTargets);
        this.credentials = Map.copyOf(credentials);
        setBaseScriptRoot(".");
        setScriptRoots(".");
        setScriptExtension("");
        setUp();
        LinkedHashMap<String, Object> env = new LinkedHashMap<>();
        env.put("WORKSPACE", workspace.toString());
        env.put("BUILD_NUMBER", "7");
        env.put("JOB_NAME", "image-mirror-example");
        getBinding().setVariable("env", env);
        getBinding().setVariable("scm", new LinkedHashMap<>());
        register("mirrorImage", StepKind.MIRROR);
        register("buildImage", StepKind.BUILD);
        register("imageSizes", StepKind.SIZES);
        getHelper().registerAllowedMethod("copyArtifacts", List.of(Map.class), closure(args -> {
            copyArtifacts((Map<?, ?>) args[0]);
            return null;
        }));
        getHelper().registerAllowedMethod("specific", List.of(String.class), closure(args -> Map.of("build", args[0])));
        getHelper().registerAllowedMethod("sh", List.of(String.class), closure(args -> sh(String.valueOf(args[0]))));
        getHelper()
                .registerAllowedMethod(
                        "sh",
                        List.of(Map.class),
                        closure(args -> sh(String.valueOf(((Map<?, ?>) args[0]).get("script")))));
        // recorded only: test reports of the project's own build are not this test's business
        getHelper().registerAllowedMethod("junit", List.of(Map.class), closure(args -> null));
        getHelper().registerAllowedMethod("echo", List.of(String.class), closure(args -> {
            log.println(args[0]);
            return null;
        }));
    }

    /** Executes {@code sh} steps with bash in the workspace, with {@code bin} first on the PATH. */
    public void executeShell(Path bin) {
        this.shellPath = bin;
    }

    public Object run(String jenkinsfile) {
        return runScript(jenkinsfile);
    }

    public String log() {
        return logBytes.toString(StandardCharsets.UTF_8);
    }

    /** Every call of {@code name} in the call stack, as JenkinsPipelineUnit recorded it. */
    public List<String> calls(String name) {
        List<String> calls = new ArrayList<>();
        for (MethodCall call : getHelper().getCallStack()) {
            if (call.getMethodName().equals(name)) {
                calls.add(call.argsToString());
            }
        }
        return calls;
    }

    private void register(String name, StepKind kind) {
        getHelper().registerAllowedMethod(name, List.of(Map.class), closure(args -> step(kind, (Map<?, ?>) args[0])));
    }

    @SuppressWarnings("unchecked")
    private Object step(StepKind kind, Map<?, ?> arguments) {
        try {
            WorkPlan plan = flow.plan(
                    kind, (Map<String, ?>) arguments, path -> WorkspaceSource.holdsImage(workspace, path), id -> {
                        RegistryLogin login = credentials.get(id);
                        if (login == null) {
                            throw new IOException(kind.functionName() + ": credentials '" + id + "' not found");
                        }
                        return login;
                    });
            Map<String, Object> result = flow.run(
                    plan,
                    p -> new ImageWork(workspace.toFile(), log).run(p),
                    new StepFlow.Recorder() {
                        @Override
                        public void archive(String directory, LinkedHashMap<String, String> files) throws IOException {
                            Path base = directory == null ? workspace : Path.of(directory);
                            for (Map.Entry<String, String> f : files.entrySet()) {
                                Files.copy(
                                        base.resolve(f.getValue()),
                                        archive.resolve(f.getKey()),
                                        StandardCopyOption.REPLACE_EXISTING);
                            }
                        }

                        @Override
                        public void report(ImageOutcome outcome) {
                            reports.add(outcome);
                        }

                        /** As ImageMirrorAction.artifactSet: numbered in the order the calls first ask. */
                        @Override
                        public int artifactSet(String callId) {
                            if (!artifactSets.contains(callId)) {
                                artifactSets.add(callId);
                            }
                            return artifactSets.indexOf(callId) + 1;
                        }
                    },
                    log);
            results.add(result);
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void copyArtifacts(Map<?, ?> arguments) {
        String filter = String.valueOf(arguments.get("filter"));
        try {
            Files.copy(archive.resolve(filter), workspace.resolve(filter), StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("copyArtifacts " + filter, e);
        }
    }

    private Object sh(String script) {
        if (shellPath == null) {
            return null;
        }
        try {
            ProcessBuilder pb = new ProcessBuilder("bash", "-euc", script)
                    .directory(workspace.toFile())
                    .redirectErrorStream(true);
            pb.environment().put("PATH", shellPath + File.pathSeparator + System.getenv("PATH"));
            Process process = pb.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IllegalStateException("sh failed: " + script + "\n" + output);
            }
            log.print(output);
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A Groovy closure over a Java lambda: JenkinsPipelineUnit calls registered methods through closures. */
    private Closure<Object> closure(java.util.function.Function<Object[], Object> body) {
        return new Closure<Object>(this) {
            @SuppressWarnings("unused") // called by Groovy's closure dispatch
            public Object doCall(Object argument) {
                return body.apply(new Object[] {argument});
            }
        };
    }
}
