package dev.edgeway.gateway.provider.faas;

import dev.edgeway.gateway.provider.DeleteFunctionRequest;
import dev.edgeway.gateway.provider.FunctionDeployment;
import dev.edgeway.gateway.provider.FunctionNames;
import dev.edgeway.gateway.provider.FunctionStatus;
import dev.edgeway.gateway.provider.ScaleServiceRequest;
import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The test faas-provider's functions, answered with faas-netes' status codes and messages. */
final class InMemoryFunctions {

    private final Map<String, FunctionStatus> functions = new ConcurrentHashMap<>();
    private final List<String> namespaces;

    InMemoryFunctions(List<String> namespaces) {
        this.namespaces = namespaces;
    }

    boolean exists(String name, String namespace) {
        return functions.containsKey(key(name, namespace));
    }

    void clear() {
        functions.clear();
    }

    void list(ProviderCall call) throws IOException {
        String ns = call.namespace(null);
        call.replyJson(
                200,
                functions.values().stream()
                        .filter(f -> ns.equals(f.namespace()))
                        .toList());
    }

    // faas-netes answers an unknown function with an empty 404.
    void status(ProviderCall call, String name) throws IOException {
        FunctionStatus status = functions.get(key(name, call.namespace(null)));
        if (status == null) {
            call.reply(404, "");
        } else {
            call.replyJson(200, status);
        }
    }

    void deploy(ProviderCall call) throws IOException {
        FunctionDeployment deployment = call.json(FunctionDeployment.class);
        String invalid = validate(deployment);
        if (invalid != null) {
            call.reply(400, invalid);
            return;
        }
        String ns = call.namespace(deployment.namespace());
        if (functions.putIfAbsent(key(deployment.service(), ns), running(deployment.inNamespace(ns), 1)) != null) {
            call.reply(
                    500, "unable create Deployment: deployments.apps \"" + deployment.service() + "\" already exists");
            return;
        }
        call.reply(202, "");
    }

    void update(ProviderCall call) throws IOException {
        FunctionDeployment deployment = call.json(FunctionDeployment.class);
        String invalid = validate(deployment);
        if (invalid != null) {
            call.reply(400, invalid);
            return;
        }
        String ns = call.namespace(deployment.namespace());
        FunctionStatus old = functions.get(key(deployment.service(), ns));
        if (old == null) {
            call.reply(404, notFound(deployment.service()));
            return;
        }
        functions.put(key(deployment.service(), ns), running(deployment.inNamespace(ns), old.replicas()));
        call.reply(202, "");
    }

    void delete(ProviderCall call) throws IOException {
        DeleteFunctionRequest request = call.json(DeleteFunctionRequest.class);
        if (request.functionName() == null || request.functionName().isEmpty()) {
            call.reply(400, "");
            return;
        }
        boolean removed = functions.remove(key(request.functionName(), call.namespace(request.namespace()))) != null;
        call.reply(removed ? 202 : 404, removed ? "" : notFound(request.functionName()));
    }

    void scale(ProviderCall call, String name) throws IOException {
        ScaleServiceRequest request = call.json(ScaleServiceRequest.class);
        String key = key(name, call.namespace(request.namespace()));
        FunctionStatus old = functions.get(key);
        if (old == null) {
            call.reply(404, notFound(name));
            return;
        }
        functions.put(
                key,
                new FunctionStatus(
                        old.name(),
                        old.image(),
                        old.namespace(),
                        old.envProcess(),
                        old.envVars(),
                        old.constraints(),
                        old.secrets(),
                        old.labels(),
                        old.annotations(),
                        old.limits(),
                        old.requests(),
                        old.readOnlyRootFilesystem(),
                        0,
                        request.replicas(),
                        request.replicas(),
                        old.createdAt(),
                        null,
                        null));
        call.reply(202, "");
    }

    private String validate(FunctionDeployment d) {
        if (d.service().isEmpty()) {
            return "validation failed: service: is required";
        }
        if (!FunctionNames.isLabel(d.service())) {
            return "validation failed: service: (" + d.service() + ") is invalid, must be a valid DNS entry";
        }
        if (d.image().isEmpty()) {
            return "validation failed: image: is required";
        }
        if (d.namespace() != null && !d.namespace().isEmpty() && !namespaces.contains(d.namespace())) {
            return "namespace not valid";
        }
        return null;
    }

    // The Kubernetes and faasd providers label every function with faas_function=<name>.
    private static FunctionStatus running(FunctionDeployment d, long replicas) {
        Map<String, String> labels = new HashMap<>(d.labels());
        labels.put("faas_function", d.service());
        FunctionDeployment labelled = new FunctionDeployment(
                d.service(),
                d.image(),
                d.namespace(),
                d.envProcess(),
                d.envVars(),
                d.constraints(),
                d.secrets(),
                labels,
                d.annotations(),
                d.limits(),
                d.requests(),
                d.readOnlyRootFilesystem());
        return FunctionStatus.of(labelled, replicas, replicas, Instant.now().truncatedTo(ChronoUnit.SECONDS));
    }

    private static String notFound(String name) {
        return "deployments.apps \"" + name + "\" not found";
    }

    private static String key(String name, String namespace) {
        return namespace + "/" + name;
    }
}
