package hudson.model;

import hudson.search.SearchableModelObject;
import hudson.security.AccessControlled;
import hudson.security.Permission;

public interface Item extends PersistenceRoot, SearchableModelObject, AccessControlled {
    Permission CONFIGURE = null;

    Permission EXTENDED_READ = null;
}
