// Package source turns what a user typed into a v1.Image: a registry
// reference, an image in the local Docker daemon, a docker save tarball, an
// oci-archive tarball or an OCI layout folder. A plain path is recognised by
// its content; a plain reference is looked up in the daemon first, then in
// its registry. Nothing past this package sees a path, a tag or a daemon
// client.
package source
