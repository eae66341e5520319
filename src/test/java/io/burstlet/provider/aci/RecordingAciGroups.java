package io.burstlet.provider.aci;

import com.azure.resourcemanager.containerinstance.fluent.models.ContainerExecResponseInner;
import com.azure.resourcemanager.containerinstance.fluent.models.ContainerGroupInner;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An in-memory {@link AciGroups} (the provider's own port, not the SDK) that records every call,
 * for tests of the provider's bookkeeping. Groups are stored as ARM would return them on GET; the
 * list returns them without instanceView, as ARM does.
 */
final class RecordingAciGroups implements AciGroups {
  /** Group name → the group's JSON as ARM returns it on GET. */
  final Map<String, String> groups = new LinkedHashMap<>();

  final List<String> calls = new ArrayList<>();

  /** Groups a lagging list leaves out although GET still finds them. */
  final java.util.Set<String> missingFromList = new java.util.HashSet<>();

  final Map<String, ContainerGroupInner> created = new LinkedHashMap<>();
  RuntimeException failNext;
  RuntimeException failCreate;
  String logs = "";
  ContainerExecResponseInner execResponse;
  String lastExecCommand;
  Integer lastTail;
  Boolean lastTimestamps;

  private void maybeFail() {
    if (failNext != null) {
      RuntimeException e = failNext;
      failNext = null;
      throw e;
    }
  }

  long count(String prefix) {
    return calls.stream().filter(c -> c.startsWith(prefix)).count();
  }

  @Override
  public List<ContainerGroupInner> list() {
    calls.add("list");
    maybeFail();
    List<ContainerGroupInner> out = new ArrayList<>();
    groups.forEach(
        (name, g) -> {
          if (!missingFromList.contains(name)) {
            out.add(withoutInstanceView(g));
          }
        });
    return out;
  }

  /** What {@link #limits} answers; empty like a location whose listing names no Linux group. */
  Optional<GroupLimits> limits = Optional.empty();

  @Override
  public Optional<GroupLimits> limits(String location) {
    calls.add("limits " + location);
    maybeFail();
    return limits;
  }

  @Override
  public void probe() {
    calls.add("probe");
    maybeFail();
  }

  @Override
  public Optional<ContainerGroupInner> get(String name) {
    calls.add("get " + name);
    maybeFail();
    return Optional.ofNullable(groups.get(name)).map(AciGroupJson::parse);
  }

  @Override
  public void create(String name, ContainerGroupInner group) {
    calls.add("create " + name);
    maybeFail();
    if (failCreate != null) {
      throw failCreate;
    }
    created.put(name, group);
  }

  @Override
  public void delete(String name) {
    calls.add("delete " + name);
    maybeFail();
    groups.remove(name);
  }

  @Override
  public String logs(String name, String container, Integer tail, boolean timestamps) {
    calls.add("logs " + name + "/" + container);
    maybeFail();
    lastTail = tail;
    lastTimestamps = timestamps;
    return logs;
  }

  @Override
  public ContainerExecResponseInner exec(
      String name, String container, String command, int rows, int cols) {
    calls.add("exec " + name + "/" + container);
    maybeFail();
    lastExecCommand = command;
    return execResponse;
  }

  void put(AciGroupJson group) {
    groups.put(group.root.get("name").getAsString(), group.root.toString());
  }

  /** ARM's list drops instanceView (group and containers). */
  private static ContainerGroupInner withoutInstanceView(String json) {
    var tree = com.google.gson.JsonParser.parseString(json).getAsJsonObject();
    var props = tree.getAsJsonObject("properties");
    props.remove("instanceView");
    if (props.has("containers")) {
      props
          .getAsJsonArray("containers")
          .forEach(c -> c.getAsJsonObject().getAsJsonObject("properties").remove("instanceView"));
    }
    return AciGroupJson.parse(tree.toString());
  }
}
