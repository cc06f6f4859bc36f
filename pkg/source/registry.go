package source

import (
	"context"
	"fmt"
	"net"
	"strings"

	"github.com/google/go-containerregistry/pkg/name"
	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/remote"
)

// openRegistry fetches ref from its registry.
func openRegistry(ctx context.Context, ref string, opts Options) (*Image, error) {
	r, err := parseReference(ref, opts.Insecure)
	if err != nil {
		return nil, fmt.Errorf("parsing image reference %q: %w", ref, err)
	}
	reg := r.Context().RegistryStr()

	desc, err := remote.Get(r, remoteOptions(ctx, opts)...)
	if err != nil {
		return nil, fmt.Errorf("fetching %q from registry %s: %w", ref, reg, err)
	}

	img, err := remoteImage(desc, opts.Platform, ref)
	if err != nil {
		return nil, fmt.Errorf("fetching %q from registry %s: %w", ref, reg, err)
	}

	out, err := describe(describedImage{Image: img, verified: true}, Registry, nil)
	if err != nil {
		return nil, fmt.Errorf("fetching %q from registry %s: %w", ref, reg, err)
	}
	out.Tag = tagOf(r)
	return out, nil
}

// remoteImage resolves what the registry returned to one image.
func remoteImage(desc *remote.Descriptor, want, where string) (v1.Image, error) {
	if isIndex(desc.MediaType) {
		idx, err := desc.ImageIndex()
		if err != nil {
			return nil, err
		}
		return chooseImage(idx, want, where)
	}

	img, err := desc.Image()
	if err != nil {
		return nil, err
	}
	have, err := imagePlatform(img)
	if err != nil {
		return nil, err
	}
	if err := checkPlatform(want, have, where); err != nil {
		return nil, err
	}
	return img, nil
}

// remoteOptions are how every registry request is made: with ctx, the
// keychain's credentials, and retries (see retry.go).
func remoteOptions(ctx context.Context, opts Options) []remote.Option {
	return append([]remote.Option{
		remote.WithContext(ctx),
		remote.WithAuthFromKeychain(opts.Keychain),
		remote.WithTransport(patient{inner: opts.Transport}),
	}, retryOptions()...)
}

// parseReference reads ref, allowing plain HTTP when insecure is set or the
// registry is on the loopback interface.
func parseReference(ref string, insecure bool) (name.Reference, error) {
	r, err := name.ParseReference(ref)
	if err != nil {
		return nil, err
	}
	if !insecure && !isLoopback(r.Context().RegistryStr()) {
		return r, nil
	}
	return name.ParseReference(ref, name.Insecure)
}

// isLoopback reports whether a registry "host[:port]" is this machine.
func isLoopback(registry string) bool {
	host := registry
	if h, _, err := net.SplitHostPort(registry); err == nil {
		host = h
	}
	host = strings.Trim(host, "[]")

	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// tagOf is the tag r asks for: "latest" when it names neither tag nor
// digest, empty when it names a digest.
func tagOf(r name.Reference) string {
	if t, ok := r.(name.Tag); ok {
		return t.TagStr()
	}
	return ""
}
