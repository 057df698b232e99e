package io.jenkins.plugins.imagemirror.jenkins;

import hudson.remoting.RequestAbortedException;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Serializable;
import java.nio.channels.ClosedChannelException;
import java.util.LinkedHashMap;
import java.util.UUID;
import java.util.function.BooleanSupplier;

/**
 * One step call as the script made it, and how an attempt at it ends. This is all the step execution persists
 * (kind and named arguments: Strings, Booleans, Integers, ArrayLists, LinkedHashMaps), so that after a controller restart the
 * call runs again from the start: a copy is idempotent (the destination's manifest and blobs are checked with HEAD
 * first; blobs already pushed are skipped), the tarball is rewritten, the report is made from what the destinations
 * then hold. Jenkins-free: the execution plugs in the controller's services.
 *
 * <p>The call is saved as its named arguments ({@link StepArguments#arguments}), not as the step object: plain JDK
 * values that any later version of the plugin reads back from program.dat (a plugin upgraded while the controller
 * was down still resumes the build), bound to the typed step again by {@link StepArguments#bind} at each attempt.
 */
public final class StepCall implements Serializable {
    private static final long serialVersionUID = 1L;

    private final StepKind kind;
    private final LinkedHashMap<String, Object> arguments;
    /** Random, made once per call and saved with it: every attempt of the call records and archives as the same call. */
    private final String id;

    public StepCall(StepKind kind, LinkedHashMap<String, Object> arguments) {
        this.kind = kind;
        this.arguments = new LinkedHashMap<>(arguments);
        this.id = UUID.randomUUID().toString();
    }

    public StepKind kind() {
        return kind;
    }

    /** The call's id, the same in every attempt (also after a restart: it is saved with the call). */
    public String id() {
        return id;
    }

    /** What one attempt needs from the controller: configuration, workspace, credentials, agent, artifacts, log. */
    public interface Controller
            extends StepFlow.Workspace, StepFlow.CredentialsLookup, StepFlow.Agent, StepFlow.Recorder {
        StepFlow flow();

        PrintStream log();

        /** Whether the controller is shutting down (Jenkins.isTerminating()): a lost agent channel is then expected. */
        boolean terminating();
    }

    /**
     * Runs the call once. Ends with the script's result, with a failure, or with nothing when the controller is
     * shutting down (the execution then waits to be resumed) or the step was stopped (its abort is reported already).
     *
     * @param stopped whether the build aborted this step; its work's failure is then not reported again
     */
    public Ending attempt(Controller controller, BooleanSupplier stopped) {
        try {
            StepFlow flow = controller.flow();
            WorkPlan plan = flow.plan(kind, arguments, controller, controller);
            return Ending.finished(flow.run(id, plan, controller, controller, controller.log()));
        } catch (Exception | LinkageError | AssertionError e) {
            if (stopped.getAsBoolean()) {
                return Ending.stopped();
            }
            if (controller.terminating() && (lostChannel(e) || e instanceof InterruptedException)) {
                controller
                        .log()
                        .println(kind.functionName() + ": the controller is shutting down; this step runs again"
                                + " when the build resumes (what was already pushed is skipped)");
                return Ending.awaitResume();
            }
            if (e instanceof InterruptedException) {
                return Ending.failed(kind.functionName() + ": interrupted", null);
            }
            String message = userMessage(kind, e);
            return message != null ? Ending.failed(message, null) : Ending.failed(null, e);
        }
    }

    /**
     * The one line a user's mistake or the environment's refusal ends the step with, or null for a bug (which keeps
     * its stack trace). Every {@link IOException} and {@link IllegalArgumentException} is the former: the core names
     * what it was doing, to what, and how to fix it.
     */
    static String userMessage(StepKind kind, Throwable failure) {
        if (lostChannel(failure)) {
            return kind.functionName() + ": lost the connection to the agent (" + AgentFailure.oneLine(failure)
                    + "); run the build again once the agent is back";
        }
        if (!(failure instanceof IOException || failure instanceof IllegalArgumentException)) {
            return null;
        }
        String line = AgentFailure.oneLine(failure);
        String prefix = kind.functionName() + ": ";
        return line.startsWith(prefix) ? line : prefix + line;
    }

    /**
     * Whether the agent channel closed under the remote call: remoting's {@code Request.call} throws
     * {@code RequestAbortedException} when {@code Channel.terminate} aborts pending requests, and
     * {@code ChannelClosedException} (an {@code IOException}) or the JDK's {@link ClosedChannelException} when the
     * channel is already closing; {@code FilePath.act} passes them through unwrapped.
     */
    static boolean lostChannel(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof RequestAbortedException
                    || t instanceof ClosedChannelException
                    || t.getClass().getName().equals("hudson.remoting.ChannelClosedException")) {
                return true;
            }
        }
        return false;
    }

    /** How an attempt ended: a result, a failure (one line for the user, or a bug), or nothing to report yet. */
    public static final class Ending {
        private final LinkedHashMap<String, Object> result;
        private final String userMessage;
        private final Throwable bug;
        private final boolean awaitingResume;

        private Ending(
                LinkedHashMap<String, Object> result, String userMessage, Throwable bug, boolean awaitingResume) {
            this.result = result;
            this.userMessage = userMessage;
            this.bug = bug;
            this.awaitingResume = awaitingResume;
        }

        static Ending finished(LinkedHashMap<String, Object> result) {
            return new Ending(result, null, null, false);
        }

        static Ending failed(String userMessage, Throwable bug) {
            return new Ending(null, userMessage, bug, false);
        }

        static Ending awaitResume() {
            return new Ending(null, null, null, true);
        }

        static Ending stopped() {
            return new Ending(null, null, null, false);
        }

        /** The script's result, or null when the attempt did not finish. */
        public LinkedHashMap<String, Object> result() {
            return result;
        }

        /** The one line to end the step with (an AbortException in Jenkins), or null. */
        public String userMessage() {
            return userMessage;
        }

        /** An internal failure to report with its stack trace, or null. */
        public Throwable bug() {
            return bug;
        }

        /** True when nothing is reported: the controller is going down and the call runs again on resume. */
        public boolean awaitingResume() {
            return awaitingResume;
        }
    }
}
