package dev.edgeway.gateway.provider;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** A build's version, with faas-provider's snake_case {@code commit_message}. */
public record VersionInfo(
        @JsonProperty("commit_message") @JsonInclude(JsonInclude.Include.NON_EMPTY) @Nullable
        String commitMessage,

        String sha,
        String release) {}
