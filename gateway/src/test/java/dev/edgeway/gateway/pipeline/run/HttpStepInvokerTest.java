package dev.edgeway.gateway.pipeline.run;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.edgeway.dag.model.HttpTarget;
import dev.edgeway.dag.model.Step;
import dev.edgeway.dag.run.StepCall;
import dev.edgeway.gateway.invoke.HttpUpstreams;
import dev.edgeway.gateway.pipeline.definition.HttpHostAllowList;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpStepInvokerTest {

    @Test
    void refusesAHostTakenOffTheAllowListBeforeCallingIt() {
        HttpTarget target = new HttpTarget("http://internal.example:8080/admin");
        StepCall call =
                new StepCall("run-1", Step.of("x", target), 1, new byte[0], null, Map.of(), Duration.ofSeconds(1));
        try (HttpUpstreams upstreams = new HttpUpstreams(1, Duration.ofSeconds(1))) {
            HttpStepInvoker invoker = new HttpStepInvoker(upstreams, new HttpHostAllowList(List.of("other")), 1024);

            assertThatThrownBy(() -> invoker.invoke(target, call).block())
                    .isInstanceOf(StepCallException.class)
                    .hasMessage("http http://internal.example:8080/admin: host internal.example is not allowed"
                            + " (expected: a host in edgeway.pipelines.http-allowed-hosts [other])");
        }
    }
}
