package io.burstlet.events;

import com.google.gson.JsonObject;
import io.kubernetes.client.custom.V1Patch;
import io.kubernetes.client.extended.event.legacy.EventSink;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.CoreV1Event;
import io.kubernetes.client.util.PatchUtils;
import java.time.OffsetDateTime;

/**
 * Writes Events through CoreV1Api. It builds its own count-bump patch: the library's splices the
 * message into JSON unescaped, so a quote in a message would make every repeat fail.
 */
public final class KubeEventSink implements EventSink {
  private final ApiClient client;
  private final CoreV1Api api;

  public KubeEventSink(ApiClient client) {
    this.client = client;
    this.api = new CoreV1Api(client);
  }

  @Override
  public CoreV1Event create(CoreV1Event event) throws ApiException {
    return api.createNamespacedEvent(event.getMetadata().getNamespace(), event).execute();
  }

  @Override
  public CoreV1Event update(CoreV1Event event) throws ApiException {
    return api.replaceNamespacedEvent(
            event.getMetadata().getName(), event.getMetadata().getNamespace(), event)
        .execute();
  }

  @Override
  public CoreV1Event patch(CoreV1Event event, V1Patch ignored) throws ApiException {
    String body = countPatch(event, OffsetDateTime.now(), client);
    return PatchUtils.patch(
        CoreV1Event.class,
        () ->
            api.patchNamespacedEvent(
                    event.getMetadata().getName(),
                    event.getMetadata().getNamespace(),
                    new V1Patch(body))
                .buildCall(null),
        V1Patch.PATCH_FORMAT_STRATEGIC_MERGE_PATCH,
        client);
  }

  /** {@code {"count":n,"message":"…","lastTimestamp":"…"}}, properly escaped. */
  public static String countPatch(CoreV1Event event, OffsetDateTime now, ApiClient client) {
    JsonObject patch = new JsonObject();
    patch.addProperty("count", event.getCount());
    patch.addProperty("message", event.getMessage());
    patch.add("lastTimestamp", client.getJSON().getGson().toJsonTree(now));
    return patch.toString();
  }
}
