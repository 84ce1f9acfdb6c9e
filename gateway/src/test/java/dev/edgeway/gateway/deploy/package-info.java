/** Tests of the deployment artefacts outside the Java code: the Helm chart in {@code deploy/helm/edgeway}. */
package dev.edgeway.gateway.deploy;
