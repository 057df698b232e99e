package io.jenkins.plugins.imagemirror.core.job;

import io.jenkins.plugins.imagemirror.core.image.ImageReference;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation;
import io.jenkins.plugins.imagemirror.core.transport.ImageLocation.Transport;
import java.io.Serializable;

/**
 * A place the job reads from or writes to, with what the caller attached to it: the registry settings of this one
 * place (its own credentials; null: the request's {@link io.jenkins.plugins.imagemirror.core.registry.Registries}
 * by host) and the caller's name for its credentials, which comes back in the result and in messages
 * ({@code credentials 'corp-push'}). Never holds a secret in {@link #toString()}.
 *
 * @param settings      null to use the request's registries
 * @param credentialsId the caller's name of the credentials, for messages only; may be null
 */
public record JobTarget(ImageLocation location, RegistrySettings settings, String credentialsId)
        implements Serializable {

    public JobTarget {
        if (location == null) {
            throw new IllegalArgumentException("a job target needs a location");
        }
    }

    /** A location with the request's registries and no credentials of its own. */
    public static JobTarget of(ImageLocation location) {
        return new JobTarget(location, null, null);
    }

    /** The registry reference, or null for an archive or layout. */
    public ImageReference reference() {
        return location.transport() == Transport.REGISTRY ? location.reference() : null;
    }

    /** {@code registry.corp/app:1.0 (credentials 'corp-push')}: for messages. */
    @Override
    public String toString() {
        String where = reference() != null ? reference().toString() : location.toString();
        return credentialsId == null ? where : where + " (credentials '" + credentialsId + "')";
    }
}
