package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.util.Locale;
import java.util.Optional;

/**
 * Where a step's {@code source} is read from, decided from its text by the rules docs/steps.md documents, in order:
 * <ol>
 *   <li>an explicit prefix always wins: {@code oci-archive:}, {@code docker-archive:}, {@code oci:} name a path in
 *       the workspace, {@code docker://} a registry image;</li>
 *   <li>a path-looking text is a path in the workspace: it starts with {@code /}, {@code ./} or {@code ../}, or
 *       ends with {@code .tar}, {@code .tar.gz} or {@code .tgz};</li>
 *   <li>a text naming a file, or a directory holding {@code oci-layout}, in the workspace is that path;</li>
 *   <li>anything else is a registry image reference.</li>
 * </ol>
 * A workspace path without a prefix ({@link #WORKSPACE_PATH}) is opened by its content on the agent: a directory
 * with {@code oci-layout} is an OCI layout, a tar with {@code oci-layout} or {@code index.json} an oci-archive, a tar
 * with {@code manifest.json} a docker-archive.
 */
public enum SourceForm {
    REGISTRY(Transport.REGISTRY),
    OCI_ARCHIVE(Transport.OCI_ARCHIVE),
    DOCKER_ARCHIVE(Transport.DOCKER_ARCHIVE),
    OCI_LAYOUT(Transport.OCI_LAYOUT),
    WORKSPACE_PATH(null);

    /** The engine's own transport (the CLI's too): one spelling of {@code oci-archive:} everywhere; null for a path. */
    private final Transport transport;

    SourceForm(Transport transport) {
        this.transport = transport;
    }

    /** The form of a source whose transport is known. */
    static SourceForm of(Transport transport) {
        for (SourceForm form : values()) {
            if (form.transport == transport) {
                return form;
            }
        }
        throw new IllegalArgumentException("no source form for " + transport);
    }

    /** True when the image is read from a path on the agent rather than from a registry. */
    public boolean inWorkspace() {
        return this != REGISTRY;
    }

    /** Rules 1 and 2 alone: the form when the text decides it, else null (rule 3 needs the workspace). */
    public static SourceForm byText(String source) {
        Optional<Transport> written = ImageLocation.transportOf(source);
        if (written.isPresent()) {
            return of(written.get());
        }
        String lower = source.toLowerCase(Locale.ROOT);
        if (source.startsWith("/")
                || source.startsWith("./")
                || source.startsWith("../")
                || lower.endsWith(".tar")
                || lower.endsWith(".tar.gz")
                || lower.endsWith(".tgz")) {
            return WORKSPACE_PATH;
        }
        return null;
    }

    /**
     * Applies all four rules.
     *
     * @param imageInWorkspace whether the workspace holds a file, or a directory with {@code oci-layout}, at
     *     {@code source} (asked only when rules 1 and 2 do not decide)
     */
    public static SourceForm of(String source, boolean imageInWorkspace) {
        SourceForm form = byText(source);
        if (form != null) {
            return form;
        }
        return imageInWorkspace ? WORKSPACE_PATH : REGISTRY;
    }

    /** The source text without this form's prefix, if written: a reference for a registry, else {@code PATH[:REF]}. */
    public String strip(String source) {
        return transport != null && source.startsWith(transport.prefix())
                ? source.substring(transport.prefix().length())
                : source;
    }
}
