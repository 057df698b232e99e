package io.jenkins.plugins.imagemirror.core.build;

import java.util.Locale;

/**
 * An image platform {@code os/arch[/variant]} as Docker's {@code --platform} writes it. {@code arm64} means
 * {@code arm64/v8} and {@code arm} means {@code arm/v7}, as in containerd's platform matching.
 */
public record TargetPlatform(String os, String architecture, String variant) {
    public TargetPlatform {
        if (os == null || os.isEmpty() || architecture == null || architecture.isEmpty()) {
            throw new IllegalArgumentException("a platform needs an OS and an architecture, e.g. linux/amd64");
        }
        variant = variant == null || variant.isEmpty() ? null : variant;
    }

    public static TargetPlatform parse(String text) {
        String[] parts = text.strip().toLowerCase(Locale.ROOT).split("/");
        if (parts.length < 2 || parts.length > 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
            throw new IllegalArgumentException("invalid platform '" + text + "'; write os/arch[/variant], e.g. "
                    + "linux/amd64 or linux/arm64");
        }
        return new TargetPlatform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
    }

    /** The platform of this JVM, the default when none is asked for (what {@code docker build} does). */
    public static TargetPlatform host() {
        String arch = System.getProperty("os.arch", "amd64");
        return switch (arch) {
            case "aarch64", "arm64" -> new TargetPlatform("linux", "arm64", null);
            case "x86_64", "amd64" -> new TargetPlatform("linux", "amd64", null);
            default -> new TargetPlatform("linux", arch, null);
        };
    }

    /** Whether an image for {@code os/architecture/variant} satisfies this platform. */
    public boolean matches(String os, String architecture, String variant) {
        return this.os.equals(os) && this.architecture.equals(architecture)
                && normalizedVariant(this.architecture, this.variant).equals(normalizedVariant(architecture, variant));
    }

    private static String normalizedVariant(String architecture, String variant) {
        if (variant != null && !variant.isEmpty()) {
            return variant;
        }
        return switch (architecture) {
            case "arm64" -> "v8";
            case "arm" -> "v7";
            default -> "";
        };
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }
}
