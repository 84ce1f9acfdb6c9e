package dev.edgeway.gateway.schedule;

import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refreshes the schedules as soon as a deploy, update or delete through {@code /system/functions},
 * or a save or delete of a pipeline ({@code PUT}, {@code DELETE /system/pipelines/{name}}), has
 * succeeded, so a schedule follows the change at once rather than at the next interval.
 */
final class ScheduleChangeFilter implements WebFilter {

    private final ScheduleRefresher refresher;

    ScheduleChangeFilter(ScheduleRefresher refresher) {
        this.refresher = refresher;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        HttpMethod method = exchange.getRequest().getMethod();
        String path = exchange.getRequest().getPath().pathWithinApplication().value();
        boolean functions = (method == HttpMethod.POST || method == HttpMethod.PUT || method == HttpMethod.DELETE)
                && "/system/functions".equals(path);
        boolean pipeline = (method == HttpMethod.PUT || method == HttpMethod.DELETE)
                && path.startsWith("/system/pipelines/")
                && path.indexOf('/', "/system/pipelines/".length()) < 0;
        if (!functions && !pipeline) {
            return chain.filter(exchange);
        }
        return chain.filter(exchange).doOnSuccess(done -> {
            HttpStatusCode status = exchange.getResponse().getStatusCode();
            if (status != null && status.is2xxSuccessful()) {
                refresher.refresh();
            }
        });
    }
}
