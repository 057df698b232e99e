package hudson.model;

import hudson.ExtensionPoint;
import hudson.security.AccessControlled;

public abstract class Node extends AbstractModelObject implements ExtensionPoint, AccessControlled {}
