/**
 * One-shot deployment through the Docker Engine API (docker-java): pulls, containers with thinkrig's labels, readiness
 * waits, the engines' HTTP APIs and the reasoning smoke test (issue 6).
 */
package dev.thinkrig.deploy;
