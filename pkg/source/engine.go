package source

import (
	"context"
	"fmt"
	"io"

	cerrdefs "github.com/containerd/errdefs"
	"github.com/moby/moby/client"
	ocispec "github.com/opencontainers/image-spec/specs-go/v1"
)

// Engine is the part of the Docker daemon that Open uses. Set
// Options.Engine to supply one; Open never closes it.
type Engine interface {
	// Has reports whether the daemon holds the image ref. An error means
	// the daemon could not be asked.
	Has(ctx context.Context, ref string) (bool, error)
	// Save streams ref as a docker save tarball, holding only platform
	// ("os/arch[/variant]") when platform is not empty. The caller closes
	// the stream.
	Save(ctx context.Context, ref, platform string) (io.ReadCloser, error)
}

// mobyEngine is the default Engine: a Docker API client.
type mobyEngine struct {
	c *client.Client
}

// newMobyEngine makes a client from DOCKER_HOST, DOCKER_API_VERSION,
// DOCKER_CERT_PATH and DOCKER_TLS_VERIFY that agrees an API version with
// the daemon on first use. It connects to nothing until asked.
func newMobyEngine() (*mobyEngine, error) {
	c, err := client.New(client.FromEnv, client.WithAPIVersionNegotiation())
	if err != nil {
		return nil, fmt.Errorf("configuring docker client: %w", err)
	}
	return &mobyEngine{c: c}, nil
}

func (e *mobyEngine) Has(ctx context.Context, ref string) (bool, error) {
	_, err := e.c.ImageInspect(ctx, ref)
	if cerrdefs.IsNotFound(err) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	return true, nil
}

func (e *mobyEngine) Save(ctx context.Context, ref, platform string) (io.ReadCloser, error) {
	var opts []client.ImageSaveOption
	if platform != "" {
		p, err := parsePlatform(platform)
		if err != nil {
			return nil, err
		}
		opts = append(opts, client.ImageSaveWithPlatforms(ocispec.Platform{
			OS:           p.OS,
			Architecture: p.Architecture,
			Variant:      p.Variant,
		}))
	}
	return e.c.ImageSave(ctx, []string{ref}, opts...)
}

func (e *mobyEngine) Close() error {
	return e.c.Close()
}

// engineFor returns the engine to use and a function that releases it.
func engineFor(opts Options) (Engine, func(), error) {
	if opts.Engine != nil {
		return opts.Engine, func() {}, nil
	}

	e, err := newMobyEngine()
	if err != nil {
		return nil, nil, err
	}
	return e, func() { e.Close() }, nil
}
