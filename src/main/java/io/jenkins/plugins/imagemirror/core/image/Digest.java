package io.jenkins.plugins.imagemirror.core.image;

import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * A content digest, {@code algorithm:hex}. Only {@code sha256} and {@code sha512} are accepted (what the OCI image
 * spec registers); the hex part must be lower case and of the algorithm's length. Parses and prints symmetrically.
 */
public record Digest(String algorithm, String hex) implements Comparable<Digest>, Serializable {
    private static final Pattern HEX = Pattern.compile("[0-9a-f]+");

    public Digest {
        if (algorithm == null || hex == null) {
            throw new IllegalArgumentException("digest: algorithm and hex are required");
        }
        int expected = switch (algorithm) {
            case "sha256" -> 64;
            case "sha512" -> 128;
            default ->
                throw new IllegalArgumentException("digest '" + algorithm + ":" + abbreviate(hex)
                        + "': unsupported algorithm '" + algorithm + "' (expected sha256 or sha512)");
        };
        if (hex.length() != expected || !HEX.matcher(hex).matches()) {
            throw new IllegalArgumentException("digest '" + algorithm + ":" + abbreviate(hex) + "': expected "
                    + expected + " lower-case hex characters after '" + algorithm + ":'");
        }
    }

    /** Parses {@code sha256:<64 hex>}. */
    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("digest: missing (expected sha256:<64 hex characters>)");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(
                    "digest '" + abbreviate(text) + "': expected <algorithm>:<hex>, e.g. sha256:<64 hex characters>");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The sha256 digest of {@code bytes} (in memory: see {@link Sha256}; streams go through {@link #newHasher}). */
    public static Digest sha256(byte[] bytes) {
        return new Digest("sha256", HexFormat.of().formatHex(Sha256.digest(bytes)));
    }

    /**
     * The {@code algorithm} ({@code sha256} or {@code sha512}) digest of {@code bytes} in memory: sha256 through
     * {@link Sha256}, as {@link #sha256(byte[])}.
     */
    public static Digest compute(String algorithm, byte[] bytes) {
        if (algorithm.equals("sha256")) {
            return sha256(bytes);
        }
        MessageDigest hasher = hasher(algorithm);
        hasher.update(bytes);
        return of(hasher);
    }

    public static Digest sha256(String utf8) {
        return sha256(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** Wraps a finished {@link MessageDigest} of the matching algorithm. */
    public static Digest of(MessageDigest finished) {
        String algorithm = finished.getAlgorithm().toLowerCase().replace("-", "");
        return new Digest(algorithm, HexFormat.of().formatHex(finished.digest()));
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newHasher() {
        return hasher(algorithm);
    }

    public static MessageDigest newSha256() {
        return hasher("sha256");
    }

    private static MessageDigest hasher(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha256") ? "SHA-256" : "SHA-512");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK without " + algorithm, e);
        }
    }

    /** {@code sha256:ab12cd34ef56}: for progress lines; never for identity. */
    public String shortForm() {
        return algorithm + ":" + hex.substring(0, 12);
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    /*
     * equals and hashCode as a record's own (same values, hashCode included, so no map's order moves), written out:
     * the generated ones bootstrap java.lang.runtime.ObjectMethods, a method-handle tree spun on first use, and a
     * digest is the first record compared or hashed on every copy (docs/benchmarks.md, "Cold path changes").
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && algorithm.equals(d.algorithm) && hex.equals(d.hex);
    }

    @Override
    public int hashCode() {
        return 31 * algorithm.hashCode() + hex.hashCode();
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 77) + "..." : s;
    }
}
