package io.jenkins.plugins.imagemirror.architecture;

import io.jenkins.plugins.imagemirror.jenkins.ImageOutcome;
import io.jenkins.plugins.imagemirror.jenkins.ImageWork;
import io.jenkins.plugins.imagemirror.jenkins.WorkPlan;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectStreamClass;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What ImageWorkCallable does on an agent, loaded by MirrorPathClassesTest's own class loader: reads the plan as the
 * channel delivers it and runs the step's work; answers the outcome's files and the build log.
 */
public final class AgentEntry {
    private AgentEntry() {}

    public static String run(byte[] channel, File workspace) throws Exception {
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        WorkPlan plan;
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(channel)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                return Class.forName(desc.getName(), false, AgentEntry.class.getClassLoader());
            }
        }) {
            plan = (WorkPlan) in.readObject();
        }
        ImageOutcome outcome;
        try (PrintStream buildLog = new PrintStream(log, true, StandardCharsets.UTF_8)) {
            outcome = new ImageWork(workspace, buildLog).run(plan);
        }
        List<String> files = outcome.reportFiles;
        return "files " + files + "\nlog:\n" + log.toString(StandardCharsets.UTF_8);
    }
}
