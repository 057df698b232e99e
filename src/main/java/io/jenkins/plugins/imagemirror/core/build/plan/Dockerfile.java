package io.jenkins.plugins.imagemirror.core.build.plan;

import java.util.List;

/**
 * A parsed single-stage Dockerfile: the file name used in messages, its escape character, the instructions in
 * order (ARGs before FROM first, then FROM, then the rest).
 */
public record Dockerfile(String file, char escape, List<Instruction> instructions) {
    public Dockerfile {
        instructions = List.copyOf(instructions);
    }

    public Instruction.From from() {
        return instructions.stream()
                .filter(Instruction.From.class::isInstance)
                .map(Instruction.From.class::cast)
                .findFirst()
                .orElseThrow();
    }
}
