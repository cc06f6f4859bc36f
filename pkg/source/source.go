package source

import (
	"net/http"

	"github.com/google/go-containerregistry/pkg/authn"
	v1 "github.com/google/go-containerregistry/pkg/v1"
)

// Kind names where an image came from.
type Kind string

// The kinds of source, spelled as the prefixes users type.
const (
	Registry      Kind = "registry"
	Daemon        Kind = "docker"
	DockerArchive Kind = "docker-archive"
	OCIArchive    Kind = "oci-archive"
	OCIDir        Kind = "oci-dir"
)

// Options tunes Open. The zero value is ready to use.
type Options struct {
	// Platform picks one image from a multi-platform index, as
	// "os/arch[/variant]". Empty means the only image when the source holds
	// one (attestations aside), and linux/amd64 otherwise.
	Platform string
	// Insecure allows plain HTTP to registries other than localhost and
	// 127.0.0.1, which always may use it.
	Insecure bool
	// Keychain supplies registry credentials. Default: the Docker config
	// and its credential helpers.
	Keychain authn.Keychain
	// Transport carries registry requests. Default: remote.DefaultTransport.
	Transport http.RoundTripper
	// TempDir is where a daemon export is spooled; default os.TempDir().
	TempDir string
	// Engine reaches the local Docker daemon. Default: a client configured
	// from DOCKER_HOST and the other DOCKER_* variables, made per Open.
	Engine Engine
}

// Image is an opened image and where it came from. Close it when done: some
// sources hold a temporary file or an open archive.
type Image struct {
	v1.Image
	Kind Kind
	// Reference is what the user asked for, without the source prefix.
	Reference string
	// Digest is the digest of the chosen image's manifest. It is zero for a
	// docker save tarball that stores no manifest (the legacy format).
	Digest v1.Hash
	// Platform is the chosen image's platform, from its config.
	Platform v1.Platform
	// Tag is the tag the image was asked for by; "latest" when a registry or
	// daemon reference names neither tag nor digest, empty for files.
	Tag string

	close func() error
}

// Close releases whatever the source holds open and removes its temporary
// files.
func (i *Image) Close() error {
	if i.close == nil {
		return nil
	}
	return i.close()
}
