package io.jenkins.plugins.imagemirror.jenkins;

import static org.assertj.core.api.Assertions.assertThat;

import com.cloudbees.plugins.credentials.Credentials;
import com.cloudbees.plugins.credentials.CredentialsScope;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaMethod;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, defect 10, the dropdowns. The rules are the credentials plugin's (1487.va_d001ede2c31), read there:
 * docs/consumer.adoc "Providing a UI form element": without Jenkins.ADMINISTER (no item) or without
 * Item.EXTENDED_READ and CredentialsProvider.USE_ITEM (in an item) answer {@code includeCurrentValue} only; else
 * includeEmptyValue, includeMatchingAs, includeCurrentValue. SystemCredentialsProvider.ProviderImpl: SYSTEM scope
 * listed at the root ({@code getCredentialsInItemGroup}, {@code always()} for Jenkins) but never in an item
 * ({@code getCredentialsInItem}, {@code not(withScope(SYSTEM))}), which is where a build looks.
 */
class CredentialsChoicesTest {

    record Stored(CredentialsScope scope) implements Credentials {
        @Override
        public CredentialsScope getScope() {
            return scope;
        }
    }

    @Test
    void onlyCredentialsABuildCanUseAreOffered() {
        assertThat(CredentialsChoices.USABLE_BY_BUILDS.matches(new Stored(CredentialsScope.SYSTEM)))
                .isFalse();
        assertThat(CredentialsChoices.USABLE_BY_BUILDS.matches(new Stored(CredentialsScope.GLOBAL)))
                .isTrue();
        // USER-scoped ones only come from a user's own store (not listed as ACL.SYSTEM2); null: providers without
        // scopes
        assertThat(CredentialsChoices.USABLE_BY_BUILDS.matches(new Stored(CredentialsScope.USER)))
                .isTrue();
        assertThat(CredentialsChoices.USABLE_BY_BUILDS.matches(new Stored(null)))
                .isTrue();
    }

    private static JavaMethod method(Class<?> owner, String name) {
        JavaClass c = PluginStructureTest.CLASSES.get(owner);
        return c.getMethods().stream()
                .filter(m -> m.getName().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static Set<String> calls(JavaMethod m) {
        return m.getMethodCallsFromSelf().stream()
                .map(c -> c.getTargetOwner().getSimpleName() + "." + c.getName())
                .collect(Collectors.toSet());
    }

    private static Set<String> fieldsRead(JavaMethod m) {
        return m.getFieldAccesses().stream()
                .map(a -> a.getTargetOwner().getSimpleName() + "." + a.getName())
                .collect(Collectors.toSet());
    }

    @Test
    void theDropdownsFollowTheConsumerGuide() {
        JavaMethod mayChoose = method(CredentialsChoices.class, "mayChoose");
        assertThat(fieldsRead(mayChoose))
                .contains("Jenkins.ADMINISTER", "Item.EXTENDED_READ", "CredentialsProvider.USE_ITEM");
        assertThat(calls(mayChoose))
                .contains("Jenkins.hasPermission", "Item.hasPermission")
                .noneMatch(c -> c.endsWith(".checkPermission"));
        JavaMethod forItem = method(CredentialsChoices.class, "forItem");
        assertThat(calls(forItem))
                .contains(
                        "CredentialsChoices.mayChoose",
                        "StandardListBoxModel.includeCurrentValue",
                        "StandardListBoxModel.includeEmptyValue",
                        "AbstractIdCredentialsListBoxModel.includeMatchingAs",
                        "AbstractIdCredentialsListBoxModel.includeCurrentValue")
                .noneMatch(c -> c.endsWith(".checkPermission"));
        assertThat(fieldsRead(forItem)).contains("ACL.SYSTEM2", "CredentialsChoices.USABLE_BY_BUILDS");
        // every dropdown goes through forItem: no 403, the current value kept
        for (JavaMethod fill : List.of(
                method(MirrorTarget.DescriptorImpl.class, "doFillCredentialsIdItems"),
                method(RegistryEntry.DescriptorImpl.class, "doFillCredentialsIdItems"),
                method(ImageStepDescriptor.class, "doFillCredentialsIdItems"),
                method(ImageStepDescriptor.class, "doFillSourceCredentialsIdItems"))) {
            assertThat(calls(fill)).as(fill.getFullName()).containsExactly("CredentialsChoices.forItem");
        }
    }

    @Test
    void testConnectionRefusesSystemScopedCredentials() {
        JavaMethod test = method(RegistryEntry.DescriptorImpl.class, "doTestConnection");
        assertThat(calls(test)).contains("CredentialsChoices.checkAdminister", "CredentialsMatcher.matches");
        assertThat(fieldsRead(test)).contains("CredentialsChoices.USABLE_BY_BUILDS", "Jenkins.proxy");
    }
}
