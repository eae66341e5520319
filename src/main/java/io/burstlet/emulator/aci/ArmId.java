package io.burstlet.emulator.aci;

import java.util.Locale;
import java.util.Objects;

/**
 * Identifies one container group. ARM matches subscription and resource-group names
 * case-insensitively, so {@link #key()} is lower-case, while {@link #resourceId()} keeps the casing
 * of the request that created the group, as ARM does.
 */
record ArmId(String subscription, String resourceGroup, String name) {

  static final String PROVIDER = "Microsoft.ContainerInstance";
  static final String TYPE = PROVIDER + "/containerGroups";

  ArmId {
    Objects.requireNonNull(subscription, "subscription");
    Objects.requireNonNull(resourceGroup, "resourceGroup");
    Objects.requireNonNull(name, "name");
  }

  /** The lookup key: {@code subscription/resourcegroup/name}, lower-case. */
  String key() {
    return (subscription + "/" + resourceGroup + "/" + name).toLowerCase(Locale.ROOT);
  }

  /** {@code /subscriptions/…/resourceGroups/…/providers/Microsoft.ContainerInstance/…/NAME}. */
  String resourceId() {
    return "/subscriptions/"
        + subscription
        + "/resourceGroups/"
        + resourceGroup
        + "/providers/"
        + TYPE
        + "/"
        + name;
  }
}
