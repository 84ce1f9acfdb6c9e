package dev.edgeway.gateway.system;

import dev.edgeway.gateway.config.GatewayVersion;
import dev.edgeway.gateway.provider.FunctionProvider;
import dev.edgeway.gateway.provider.VersionInfo;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/** {@code GET /system/info}: the provider, the gateway's real release and git sha, and the architecture. */
@Component
public class SystemInfoHandler {

    private final FunctionProvider provider;
    private final GatewayInfo template;

    public SystemInfoHandler(FunctionProvider provider, GatewayVersion version) {
        this.provider = provider;
        this.template = new GatewayInfo(
                null,
                new VersionInfo(version.commitMessage(), version.sha(), version.release()),
                GatewayInfo.goArch(System.getProperty("os.arch", "")));
    }

    public Mono<ServerResponse> handle(ServerRequest request) {
        return provider.info()
                .map(info -> new GatewayInfo(info, template.version(), template.arch()))
                .defaultIfEmpty(template)
                .flatMap(info -> ServerResponse.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(info));
    }
}
