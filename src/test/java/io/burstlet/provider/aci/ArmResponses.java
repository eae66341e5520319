package io.burstlet.provider.aci;

import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpRequest;
import com.azure.core.http.HttpResponse;
import com.azure.core.management.exception.ManagementError;
import com.azure.core.management.exception.ManagementException;
import com.azure.json.JsonProviders;
import com.azure.json.JsonReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Builds the exceptions the SDK throws for an ARM error answer, as its generated code does: a
 * {@link ManagementException} whose message is the raw body and whose value is the parsed {@code
 * CloudError}. Used to test {@link AciErrors}; no HTTP is involved.
 */
final class ArmResponses {
  private ArmResponses() {}

  static ManagementException error(int status, String body, Map<String, String> headers) {
    HttpResponse response = new Fixed(status, body, headers);
    ManagementError value;
    try (JsonReader r = JsonProviders.createReader(body)) {
      value = ManagementError.fromJson(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    // The SDK's message: status and the whole body, which is why AciErrors never uses it.
    return new ManagementException("Status code " + status + ", \"" + body + "\"", response, value);
  }

  static String cloudError(String code, String message) {
    return "{\"error\":{\"code\":\"" + code + "\",\"message\":\"" + message + "\"}}";
  }

  static final class Fixed extends HttpResponse {
    private final int status;
    private final byte[] body;
    private final HttpHeaders headers = new HttpHeaders();

    Fixed(int status, String body, Map<String, String> headers) {
      super(
          new HttpRequest(
              HttpMethod.PUT,
              "https://management.azure.com/subscriptions/s/resourceGroups/rg/providers/"
                  + "Microsoft.ContainerInstance/containerGroups/bl-1"));
      this.status = status;
      this.body = body.getBytes(StandardCharsets.UTF_8);
      headers.forEach(this.headers::set);
    }

    @Override
    public int getStatusCode() {
      return status;
    }

    @Override
    public String getHeaderValue(String name) {
      return headers.getValue(name);
    }

    @Override
    public HttpHeaders getHeaders() {
      return headers;
    }

    @Override
    public Flux<ByteBuffer> getBody() {
      return Flux.just(ByteBuffer.wrap(body));
    }

    @Override
    public Mono<byte[]> getBodyAsByteArray() {
      return Mono.just(body);
    }

    @Override
    public Mono<String> getBodyAsString() {
      return Mono.just(new String(body, StandardCharsets.UTF_8));
    }

    @Override
    public Mono<String> getBodyAsString(Charset charset) {
      return Mono.just(new String(body, charset));
    }
  }
}
