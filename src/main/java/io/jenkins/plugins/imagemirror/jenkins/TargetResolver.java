package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.image.DockerHub;
import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves what the script named against the global configuration: a reference whose first component is a
 * configured registry's name ({@code corp/team/app:1.0}) goes to that registry's host; any reference whose host is a
 * configured registry takes that registry's connection settings and, unless the script gave one, its credentials.
 * With no target at all, the configured default targets (repository prefixes) receive the source's repository.
 */
public final class TargetResolver {
    private final List<RegistryProfile> registries;
    private final List<String> defaultTargets;

    public TargetResolver(List<RegistryProfile> registries, List<String> defaultTargets) {
        this.registries = List.copyOf(registries);
        this.defaultTargets = List.copyOf(defaultTargets);
    }

    /** The registry source, or null for a build or an archive. */
    public Endpoint source(ImageWorkSpec spec) {
        if (spec.sourceReference() == null) {
            return null;
        }
        return endpoint(spec, "source", spec.sourceReference(), spec.sourceCredentialsId());
    }

    /** Every destination: each target under its own tag, then under each extra tag; duplicates dropped. */
    public ArrayList<Endpoint> destinations(ImageWorkSpec spec) {
        String step = spec.kind().functionName();
        List<TargetSpec> targets = spec.targets();
        if (targets.isEmpty() && spec.kind() != StepKind.SIZES && spec.tarball() == null) {
            targets = defaults(spec);
        }
        Set<String> seen = new LinkedHashSet<>();
        ArrayList<Endpoint> endpoints = new ArrayList<>();
        for (TargetSpec target : targets) {
            Endpoint endpoint = endpoint(spec, "targets", target.reference(), target.credentialsId());
            ImageReference ref = ImageReference.parse(endpoint.reference());
            if (ref.digest() != null) {
                throw new IllegalArgumentException(step + ": target '" + target.reference()
                        + "' has a digest; a target needs a tag (the digest is the image's, not chosen)");
            }
            List<String> names = new ArrayList<>();
            names.add(endpoint.reference());
            for (String tag : spec.tags()) {
                names.add(new ImageReference(ref.registry(), ref.repository(), tag, null).toString());
            }
            for (String name : names) {
                if (seen.add(name)) {
                    endpoints.add(new Endpoint(name, endpoint.credentialsId(), endpoint.registry()));
                }
            }
        }
        return endpoints;
    }

    private List<TargetSpec> defaults(ImageWorkSpec spec) {
        String step = spec.kind().functionName();
        if (defaultTargets.isEmpty()) {
            throw new IllegalArgumentException(step + ": nothing to write: give 'target', 'targets' or 'tarball'"
                    + " (or set default targets in Manage Jenkins → System → Image Mirror)");
        }
        if (spec.sourceReference() == null) {
            throw new IllegalArgumentException(step + ": default targets apply to a registry 'source' only;"
                    + " give 'target' or 'targets' for a build or an archive");
        }
        ImageReference source = ImageReference.parse(resolveName(spec.sourceReference()));
        if (source.tag() == null) {
            throw new IllegalArgumentException(step + ": source '" + spec.source()
                    + "' has no tag to push under the default targets; give 'target' or 'targets'");
        }
        List<TargetSpec> targets = new ArrayList<>();
        for (String prefix : defaultTargets) {
            String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
            targets.add(new TargetSpec(p + "/" + source.repository() + ":" + source.tag(), null));
        }
        return targets;
    }

    private Endpoint endpoint(ImageWorkSpec spec, String parameter, String written, String credentialsId) {
        String resolved = resolveName(written);
        StepArguments.reference(spec.kind().functionName(), parameter, resolved);
        ImageReference ref = ImageReference.parse(resolved);
        RegistryProfile registry = byHost(ref.registry());
        String id = credentialsId != null ? credentialsId : registry.credentialsId();
        return new Endpoint(ref.toString(), id, registry);
    }

    /** {@code corp/team/app:1.0} → {@code registry.corp:5000/team/app:1.0} when {@code corp} is a configured name. */
    String resolveName(String written) {
        int slash = written.indexOf('/');
        if (slash > 0) {
            String first = written.substring(0, slash);
            for (RegistryProfile registry : registries) {
                if (first.equals(registry.name())) {
                    return registry.host() + written.substring(slash);
                }
            }
        }
        return written;
    }

    private RegistryProfile byHost(String host) {
        for (RegistryProfile registry : registries) {
            if (host.equals(registry.host()) || DockerHub.isAlias(host) && DockerHub.isAlias(registry.host())) {
                return registry;
            }
        }
        return RegistryProfile.unconfigured(host);
    }
}
