package io.burstlet.emulator.eci;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the events of a group as one element of DescribeContainerGroupEvents' {@code Data}, with
 * its casing ({@code uuid}, {@code involvedObject}).
 */
final class EventRenderer {

  private EventRenderer() {}

  static Map<String, Object> render(GroupView view, List<EciEvent> events) {
    ContainerGroup group = view.group();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("ContainerGroupId", group.id());
    out.put("Name", group.spec().name());
    out.put("Namespace", "default");
    out.put("uuid", group.uuid());
    out.put("Annotations", "{}");
    List<Map<String, Object>> rendered = new ArrayList<>();
    for (EciEvent event : events) {
      Map<String, Object> e = new LinkedHashMap<>();
      e.put("Count", event.count());
      e.put("Type", event.type());
      e.put("Reason", event.reason());
      e.put("Message", event.message());
      e.put("FirstTimestamp", EciTime.format(event.first()));
      e.put("LastTimestamp", EciTime.format(event.last()));
      e.put("ReportingComponent", "");
      e.put("ReportingInstance", "");
      e.put("Metadata", GroupRenderer.pair("Name", event.name(), "Namespace", "default"));
      Map<String, Object> source = new LinkedHashMap<>();
      source.put("Component", event.component());
      if (event.component().equals(EciEvent.KUBELET)) {
        source.put("Host", "eci");
      }
      e.put("Source", source);
      Map<String, Object> involved = new LinkedHashMap<>();
      involved.put("ApiVersion", "v1");
      involved.put("Kind", "Pod");
      involved.put("Name", group.spec().name());
      involved.put("Namespace", "default");
      involved.put("Uid", group.id());
      e.put("involvedObject", involved);
      rendered.add(e);
    }
    out.put("Events", rendered);
    return out;
  }
}
