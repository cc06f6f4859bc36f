package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/tarball"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// This file serves one image of a docker save tarball straight from the
// tar, as archive.go serves an oci-archive: every layer is a section of the
// file, handed out as stored. ggcr's tarball package would gzip an
// uncompressed layer on the fly when asked for its compressed form, and
// hash every compressed layer to list the layers; the walker needs neither.

// savedImage is a v1.Image whose config and layers live in a tarIndex.
type savedImage struct {
	tar       *tarIndex
	rawConfig []byte
	config    *v1.ConfigFile
	layers    []*savedLayer

	manifest func() (*builtManifest, error)
}

// builtManifest is the manifest of a savedImage and its JSON.
type builtManifest struct {
	m   *v1.Manifest
	raw []byte
}

var _ v1.Image = (*savedImage)(nil)

// newSavedImage reads the config of the image d describes and prepares its
// layers; no layer blob is read.
func newSavedImage(t *tarIndex, d tarball.Descriptor) (*savedImage, error) {
	raw, err := t.readAll(d.Config)
	if err != nil {
		return nil, fmt.Errorf("reading config: %w", err)
	}
	cfg, err := v1.ParseConfigFile(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("parsing config %q: %w", d.Config, err)
	}
	if len(cfg.RootFS.DiffIDs) != len(d.Layers) {
		return nil, fmt.Errorf("config has %d diff IDs but manifest.json lists %d layers",
			len(cfg.RootFS.DiffIDs), len(d.Layers))
	}

	img := &savedImage{tar: t, rawConfig: raw, config: cfg}
	for i, p := range d.Layers {
		diffID := cfg.RootFS.DiffIDs[i]
		img.layers = append(img.layers, newSavedLayer(t, p, diffID, d.LayerSources[diffID]))
	}
	img.manifest = sync.OnceValues(img.buildManifest)
	return img, nil
}

// buildManifest writes the manifest ggcr would: Docker media types, and
// every layer as stored. It learns the digests of the layers, which for a
// compressed layer of a legacy tarball means reading it.
func (i *savedImage) buildManifest() (*builtManifest, error) {
	cfgDigest, err := i.ConfigName()
	if err != nil {
		return nil, err
	}

	m := &v1.Manifest{
		SchemaVersion: 2,
		MediaType:     types.DockerManifestSchema2,
		Config: v1.Descriptor{
			MediaType: types.DockerConfigJSON,
			Size:      int64(len(i.rawConfig)),
			Digest:    cfgDigest,
		},
	}
	for n, l := range i.layers {
		desc, err := l.descriptor()
		if err != nil {
			return nil, fmt.Errorf("describing layer %d: %w", n, err)
		}
		m.Layers = append(m.Layers, *desc)
	}

	raw, err := json.Marshal(m)
	if err != nil {
		return nil, err
	}
	return &builtManifest{m: m, raw: raw}, nil
}

func (i *savedImage) Layers() ([]v1.Layer, error) {
	out := make([]v1.Layer, len(i.layers))
	for n, l := range i.layers {
		out[n] = l.layer()
	}
	return out, nil
}

func (i *savedImage) MediaType() (types.MediaType, error) {
	return types.DockerManifestSchema2, nil
}

func (i *savedImage) Size() (int64, error) {
	raw, err := i.RawManifest()
	return int64(len(raw)), err
}

func (i *savedImage) ConfigName() (v1.Hash, error) {
	h, _, err := v1.SHA256(bytes.NewReader(i.rawConfig))
	return h, err
}

// ConfigFile returns a copy of the config, so that callers cannot change
// the image's own.
func (i *savedImage) ConfigFile() (*v1.ConfigFile, error) {
	return i.config.DeepCopy(), nil
}

func (i *savedImage) RawConfigFile() ([]byte, error) { return i.rawConfig, nil }

func (i *savedImage) Digest() (v1.Hash, error) {
	raw, err := i.RawManifest()
	if err != nil {
		return v1.Hash{}, err
	}
	h, _, err := v1.SHA256(bytes.NewReader(raw))
	return h, err
}

func (i *savedImage) Manifest() (*v1.Manifest, error) {
	b, err := i.manifest()
	if err != nil {
		return nil, err
	}
	return b.m.DeepCopy(), nil
}

func (i *savedImage) RawManifest() ([]byte, error) {
	b, err := i.manifest()
	if err != nil {
		return nil, err
	}
	return b.raw, nil
}

// LayerByDigest returns the layer whose blob, as stored, has digest h.
func (i *savedImage) LayerByDigest(h v1.Hash) (v1.Layer, error) {
	for _, l := range i.layers {
		d, err := l.Digest()
		if err != nil {
			return nil, err
		}
		if d == h {
			return l.layer(), nil
		}
	}
	return nil, fmt.Errorf("finding layer %s: not in the image", h)
}

// LayerByDiffID returns the layer whose uncompressed tar has digest h.
func (i *savedImage) LayerByDiffID(h v1.Hash) (v1.Layer, error) {
	for _, l := range i.layers {
		if l.diffID == h {
			return l.layer(), nil
		}
	}
	return nil, fmt.Errorf("finding layer with diff ID %s: not in the image", h)
}
