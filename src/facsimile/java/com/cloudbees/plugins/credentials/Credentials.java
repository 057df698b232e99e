package com.cloudbees.plugins.credentials;

import hudson.ExtensionPoint;
import java.io.Serializable;

public interface Credentials extends Serializable, ExtensionPoint {
    CredentialsScope getScope();
}
