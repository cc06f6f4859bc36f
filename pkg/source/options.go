package source

import (
	"os"

	"github.com/google/go-containerregistry/pkg/authn"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// withDefaults fills in the zero fields of o: the default keychain (Docker
// config, honouring DOCKER_CONFIG, and its credential helpers), ggcr's
// default transport and the system temporary folder. A nil Engine stays
// nil; Open makes a Docker client only when it needs the daemon.
func (o Options) withDefaults() Options {
	if o.Keychain == nil {
		o.Keychain = authn.DefaultKeychain
	}
	if o.Transport == nil {
		o.Transport = remote.DefaultTransport
	}
	if o.TempDir == "" {
		o.TempDir = os.TempDir()
	}
	return o
}
