package io.jenkins.plugins.imagemirror.core.image;

import java.io.Serializable;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An OCI platform {@code os/architecture[/variant]}, e.g. {@code linux/arm64/v8}. Parses and prints symmetrically.
 * {@link #matches} follows containerd's normalisation: {@code arm64} means {@code arm64/v8}, {@code arm} means
 * {@code arm/v7}, {@code x86_64} is {@code amd64} and {@code aarch64} is {@code arm64}.
 */
public record Platform(String os, String architecture, String variant) implements Serializable {
    private static final Pattern PART = Pattern.compile("[a-z0-9_.-]+");

    public Platform {
        require("os", os);
        require("architecture", architecture);
        if (variant != null && variant.isEmpty()) {
            variant = null;
        }
        if (variant != null) {
            require("variant", variant);
        }
    }

    public static Platform of(String os, String architecture) {
        return new Platform(os, architecture, null);
    }

    /**
     * This JVM's host as a container runtime sees it ({@code linux/amd64}, {@code linux/arm64/v8}): what
     * {@code docker build} builds and {@code docker load} picks when no platform is asked for.
     */
    public static Platform host() {
        return of("linux", System.getProperty("os.arch", "amd64").toLowerCase(Locale.ROOT))
                .normalized();
    }

    /** Parses {@code linux/amd64} or {@code linux/arm64/v8}. */
    public static Platform parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(
                    "platform: missing (expected os/architecture[/variant], e.g. linux/amd64)");
        }
        String[] parts = text.trim().toLowerCase(Locale.ROOT).split("/", -1);
        if (parts.length < 2 || parts.length > 3) {
            throw new IllegalArgumentException(
                    "platform '" + text + "': expected os/architecture[/variant], e.g. linux/amd64 or linux/arm64/v8");
        }
        try {
            return new Platform(parts[0], parts[1], parts.length == 3 ? parts[2] : null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("platform '" + text + "': " + e.getMessage(), e);
        }
    }

    /** True when an image for {@code candidate} runs on this platform (after normalisation). */
    public boolean matches(Platform candidate) {
        Platform a = normalized();
        Platform b = candidate.normalized();
        return a.os.equals(b.os)
                && a.architecture.equals(b.architecture)
                && (a.variant == null || b.variant == null || a.variant.equals(b.variant));
    }

    /** containerd's normal form: arm64 gets v8, arm gets v7, aliases resolved. */
    public Platform normalized() {
        String arch = switch (architecture) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "armhf" -> "arm";
            case "i386", "i686" -> "386";
            default -> architecture;
        };
        String v = variant;
        if (arch.equals("arm64") && v == null) {
            v = "v8";
        } else if (arch.equals("arm") && v == null) {
            v = "v7";
        } else if (arch.equals("amd64") && "v1".equals(v)) {
            v = null;
        }
        return new Platform(os, arch, v);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant == null ? "" : "/" + variant);
    }

    private static void require(String what, String value) {
        if (value == null || !PART.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " '" + value + "' must be non-empty [a-z0-9_.-]");
        }
    }
}
