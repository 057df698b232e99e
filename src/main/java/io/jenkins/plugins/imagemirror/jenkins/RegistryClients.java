package io.jenkins.plugins.imagemirror.jenkins;

import io.jenkins.plugins.imagemirror.core.registry.RegistryCredentials;
import io.jenkins.plugins.imagemirror.core.registry.RegistrySettings;
import java.time.Duration;

/** Core registry settings from a configured profile and the login resolved for it; one client per endpoint. */
final class RegistryClients {
    private RegistryClients() {}

    static RegistrySettings settings(RegistryProfile profile, RegistryLogin login) {
        RegistrySettings settings = RegistrySettings.defaults(profile.host())
                .withPlainHttp(profile.plainHttp())
                .withRetries(RegistrySettings.DEFAULT_MAX_ATTEMPTS, Duration.ofSeconds(profile.maxRetryWaitSeconds()));
        if (profile.caCertificatePem() != null) {
            settings = settings.withCaCertificatePem(profile.caCertificatePem());
        }
        if (login != null) {
            settings = settings.withCredentials(new RegistryCredentials(login.username(), login.password()));
        }
        return settings;
    }
}
