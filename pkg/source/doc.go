// Package source turns what a user typed into a v1.Image: a registry
// reference, an image in the local Docker daemon, a docker save tarball, an
// oci-archive tarball or an OCI layout folder. A plain path is recognised by
// its content; a plain reference is looked up in the daemon first, then in
// its registry. Nothing past this package sees a path, a tag or a daemon
// client.
//
// Every source that can hold an index (a registry, an OCI layout, an
// oci-archive) picks one image from it the same way: the only image when
// there is one, else the one for Options.Platform, linux/amd64 by default.
// Attestation manifests are never chosen. A platform the source lacks
// yields an error matching ErrPlatformNotFound that lists the platforms it
// has; a file or folder that holds no image yields one matching
// ErrNotImage.
//
// A docker save tarball and an oci-archive are read in place: their members
// are indexed once and every blob is served as a section of the file, as
// stored, so a layer the tarball keeps uncompressed comes back uncompressed
// from Compressed. Listing a tarball's layers reads none of them. A daemon
// image is exported once to a temporary file that Image.Close removes. A
// layer whose blob an archive or layout lacks still appears in the image;
// reading it fails with an error matching fs.ErrNotExist.
//
// Registry reads retry where a retry can help: four tries with a growing
// wait on a broken connection, a timeout or a 408, 429 or 5xx answer; as
// long as a 429 or 503 asks in Retry-After, up to a minute; and a body that
// breaks half way is asked for again and resumed, up to five times. A
// cancelled or expired context ends them at once.
//
// The Image Open returns embeds the v1.Image, but its Digest field hides
// the embedded Digest method: pass Image.Image where a v1.Image is wanted.
package source
