/**
 * FreeMarker templates and the renderer that turns a chosen plan into docker-compose, Kubernetes and launch files
 * (issue 5). Templates hold no decisions; the model they render is computed and tested in Java.
 */
package dev.thinkrig.templates;
