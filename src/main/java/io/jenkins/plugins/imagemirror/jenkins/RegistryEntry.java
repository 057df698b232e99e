package io.jenkins.plugins.imagemirror.jenkins;

import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.Extension;
import hudson.ProxyConfiguration;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import hudson.util.FormValidation;
import hudson.util.ListBoxModel;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * A named registry of the global configuration. Scripts may write {@code name/team/app:1.0}; every reference to
 * this host uses its CA certificate, plain-HTTP opt-in, 429 wait limit and (unless the script names one) its
 * credentials id.
 */
public class RegistryEntry extends AbstractDescribableImpl<RegistryEntry> {
    private final String name;
    private final String url;
    private String credentialsId;
    private String caCertificate;
    private boolean plainHttp;
    private int maxRetryWaitSeconds = RegistryProfile.DEFAULT_MAX_RETRY_WAIT_SECONDS;

    @DataBoundConstructor
    public RegistryEntry(String name, String url) {
        this.name = name == null ? null : name.strip();
        this.url = url == null ? null : url.strip();
    }

    public String getName() {
        return name;
    }

    public String getUrl() {
        return url;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = ImageStep.blankToNull(credentialsId);
    }

    /** PEM of the CA (or self-signed certificate) the registry's TLS certificate chains to; public, not a secret. */
    public String getCaCertificate() {
        return caCertificate;
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = ImageStep.blankToNull(caCertificate);
    }

    public boolean isPlainHttp() {
        return plainHttp;
    }

    @DataBoundSetter
    public void setPlainHttp(boolean plainHttp) {
        this.plainHttp = plainHttp;
    }

    public int getMaxRetryWaitSeconds() {
        return maxRetryWaitSeconds;
    }

    @DataBoundSetter
    public void setMaxRetryWaitSeconds(int maxRetryWaitSeconds) {
        this.maxRetryWaitSeconds = Math.max(0, maxRetryWaitSeconds);
    }

    RegistryProfile toProfile() {
        return new RegistryProfile(name, url, credentialsId, caCertificate, plainHttp, maxRetryWaitSeconds);
    }

    @Extension
    @Symbol("registry")
    public static class DescriptorImpl extends Descriptor<RegistryEntry> {
        @Override
        public String getDisplayName() {
            return "Registry";
        }

        /** Credential choices for the registry (global configuration: administrators see them), POST only. */
        @POST
        public ListBoxModel doFillCredentialsIdItems(@QueryParameter String credentialsId) {
            return CredentialsChoices.forItem(null, credentialsId);
        }

        /**
         * "Test connection": an authenticated {@code GET /v2/} with the form's values, from the controller, through
         * the proxy configured in Manage Jenkins → Plugins → Advanced (unless the host is exempted there).
         * POST and administrators only: it makes the controller contact a host and use a credential.
         */
        @POST
        public FormValidation doTestConnection(
                @QueryParameter String url,
                @QueryParameter String credentialsId,
                @QueryParameter String caCertificate,
                @QueryParameter boolean plainHttp,
                @QueryParameter String maxRetryWaitSeconds) {
            CredentialsChoices.checkAdminister();
            String host = RegistryProfile.hostOf(url);
            if (host == null || host.isBlank()) {
                return FormValidation.error("give the registry's host first, e.g. registry.corp:5000");
            }
            RegistryLogin login = null;
            String id = ImageStep.blankToNull(credentialsId);
            if (id != null) {
                StandardUsernamePasswordCredentials credentials = CredentialsChoices.findGlobal(id);
                if (credentials == null) {
                    return FormValidation.error("credentials '" + id + "' not found among the global Username with"
                            + " password credentials");
                }
                if (!CredentialsChoices.USABLE_BY_BUILDS.matches(credentials)) {
                    return FormValidation.error("credentials '" + id + "' have System scope: builds cannot use them;"
                            + " choose a Global credential");
                }
                login = new RegistryLogin(
                        id, credentials.getUsername(), credentials.getPassword().getPlainText());
            }
            RegistryProfile profile;
            try {
                String wait = ImageStep.blankToNull(maxRetryWaitSeconds);
                profile = new RegistryProfile(
                        null,
                        url,
                        id,
                        ImageStep.blankToNull(caCertificate),
                        plainHttp,
                        wait == null
                                ? RegistryProfile.DEFAULT_MAX_RETRY_WAIT_SECONDS
                                : Math.max(0, Integer.parseInt(wait)));
            } catch (IllegalArgumentException e) {
                return FormValidation.error("testing " + url + ": " + e.getMessage());
            }
            ProxyConfiguration proxy = Jenkins.get().proxy;
            RegistryPing.Result result = RegistryPing.ping(
                    profile, login, RegistryPing.route(profile.host(), proxy == null ? null : proxy::createProxy));
            return result.ok() ? FormValidation.ok(result.message()) : FormValidation.error(result.message());
        }

        /** Syntax only, no network: a host[:port] with an optional scheme. */
        public FormValidation doCheckUrl(@QueryParameter String value) {
            String host = RegistryProfile.hostOf(value);
            if (host == null || host.isBlank()) {
                return FormValidation.error("the registry's host, e.g. registry.corp:5000 or https://registry.corp");
            }
            return FormValidation.ok();
        }
    }
}
