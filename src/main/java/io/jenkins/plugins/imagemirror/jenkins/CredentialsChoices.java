package io.jenkins.plugins.imagemirror.jenkins;

import com.cloudbees.plugins.credentials.CredentialsMatchers;
import com.cloudbees.plugins.credentials.CredentialsProvider;
import com.cloudbees.plugins.credentials.common.StandardListBoxModel;
import com.cloudbees.plugins.credentials.common.StandardUsernamePasswordCredentials;
import hudson.model.Item;
import hudson.security.ACL;
import hudson.util.ListBoxModel;
import java.util.ArrayList;
import jenkins.model.Jenkins;

/**
 * The permission rule for every form method that lists or uses credentials: on an item, the user must be able to
 * configure it (or at least read its configuration); outside any item, only an administrator may.
 */
final class CredentialsChoices {
    private CredentialsChoices() {}

    /** Throws AccessDeniedException when the current user may not see credentials in this context. */
    static void checkPermission(Item item) {
        if (item == null) {
            Jenkins.get().checkPermission(Jenkins.ADMINISTER);
        } else if (!item.hasPermission(Item.EXTENDED_READ)) {
            item.checkPermission(Item.CONFIGURE);
        }
    }

    /** Username/Password credentials usable in {@code item} (the root when null), keeping the current value. */
    static ListBoxModel forItem(Item item, String current) {
        checkPermission(item);
        return new StandardListBoxModel()
                .includeEmptyValue()
                .includeMatchingAs(ACL.SYSTEM2, item, StandardUsernamePasswordCredentials.class, new ArrayList<>(),
                        CredentialsMatchers.always())
                .includeCurrentValue(current == null ? "" : current);
    }

    /** The credential with this id visible at the root (global configuration), or null. */
    static StandardUsernamePasswordCredentials findGlobal(String credentialsId) {
        if (credentialsId == null || credentialsId.isBlank()) {
            return null;
        }
        return CredentialsMatchers.firstOrNull(
                CredentialsProvider.lookupCredentialsInItem(StandardUsernamePasswordCredentials.class, null, ACL.SYSTEM2,
                        new ArrayList<>()),
                CredentialsMatchers.withId(credentialsId));
    }
}
