package io.jenkins.plugins.imagemirror.cli;

/** Entry point of {@code image-mirror-cli.jar}. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        System.exit(0);
    }
}
