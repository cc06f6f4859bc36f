package source

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"sync"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// This file serves an OCI layout stored in a tar (an oci-archive) straight
// from the tar: every blob is a section of the file, nothing is extracted.

// blobName is where an OCI layout keeps the blob with digest h.
func blobName(h v1.Hash) string {
	return "blobs/" + h.Algorithm + "/" + h.Hex
}

// archiveIndex is a v1.ImageIndex whose manifests live in a tarIndex.
type archiveIndex struct {
	tar       *tarIndex
	raw       []byte
	mediaType types.MediaType
	manifest  *v1.IndexManifest
}

var _ v1.ImageIndex = (*archiveIndex)(nil)

// newArchiveIndex parses raw as an index; mt is used when raw names no
// media type, as a layout's index.json often does not.
func newArchiveIndex(t *tarIndex, raw []byte, mt types.MediaType) (*archiveIndex, error) {
	im, err := v1.ParseIndexManifest(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("parsing index: %w", err)
	}
	if im.MediaType != "" {
		mt = im.MediaType
	}
	return &archiveIndex{tar: t, raw: raw, mediaType: mt, manifest: im}, nil
}

func (i *archiveIndex) MediaType() (types.MediaType, error) { return i.mediaType, nil }

func (i *archiveIndex) Digest() (v1.Hash, error) {
	h, _, err := v1.SHA256(bytes.NewReader(i.raw))
	return h, err
}

func (i *archiveIndex) Size() (int64, error) { return int64(len(i.raw)), nil }

func (i *archiveIndex) IndexManifest() (*v1.IndexManifest, error) {
	return i.manifest.DeepCopy(), nil
}

func (i *archiveIndex) RawManifest() ([]byte, error) { return i.raw, nil }

// Image returns the image whose manifest has digest h.
func (i *archiveIndex) Image(h v1.Hash) (v1.Image, error) {
	desc := i.find(h)
	if !isImage(desc.MediaType) {
		return nil, fmt.Errorf("reading image %s: media type %q is not an image", h, desc.MediaType)
	}
	return partial.CompressedToImage(&archiveImage{tar: i.tar, desc: desc})
}

// ImageIndex returns the nested index with digest h.
func (i *archiveIndex) ImageIndex(h v1.Hash) (v1.ImageIndex, error) {
	desc := i.find(h)
	raw, err := i.tar.readAll(blobName(h))
	if err != nil {
		return nil, err
	}
	return newArchiveIndex(i.tar, raw, desc.MediaType)
}

// find returns the descriptor of h in this index, or a bare one.
func (i *archiveIndex) find(h v1.Hash) v1.Descriptor {
	for _, d := range i.manifest.Manifests {
		if d.Digest == h {
			return d
		}
	}
	return v1.Descriptor{Digest: h}
}

// archiveImage is the core of a v1.Image whose blobs live in a tarIndex.
type archiveImage struct {
	tar  *tarIndex
	desc v1.Descriptor

	once     sync.Once
	raw      []byte
	manifest *v1.Manifest
	err      error
}

var _ partial.CompressedImageCore = (*archiveImage)(nil)

func (a *archiveImage) load() error {
	a.once.Do(func() {
		a.raw, a.err = a.tar.readAll(blobName(a.desc.Digest))
		if a.err != nil {
			return
		}
		a.manifest, a.err = v1.ParseManifest(bytes.NewReader(a.raw))
	})
	return a.err
}

func (a *archiveImage) RawManifest() ([]byte, error) {
	if err := a.load(); err != nil {
		return nil, err
	}
	return a.raw, nil
}

func (a *archiveImage) MediaType() (types.MediaType, error) {
	if a.desc.MediaType != "" {
		return a.desc.MediaType, nil
	}

	var probe struct {
		MediaType types.MediaType `json:"mediaType"`
	}
	raw, err := a.RawManifest()
	if err != nil {
		return "", err
	}
	if err := json.Unmarshal(raw, &probe); err != nil {
		return "", err
	}
	return probe.MediaType, nil
}

func (a *archiveImage) RawConfigFile() ([]byte, error) {
	if err := a.load(); err != nil {
		return nil, err
	}
	return a.tar.readAll(blobName(a.manifest.Config.Digest))
}

// LayerByDigest returns the config or a layer. A layer whose blob the
// archive lacks (a foreign layer, say) still resolves; reading it fails.
func (a *archiveImage) LayerByDigest(h v1.Hash) (partial.CompressedLayer, error) {
	if err := a.load(); err != nil {
		return nil, err
	}
	if h == a.manifest.Config.Digest {
		return &archiveBlob{tar: a.tar, desc: a.manifest.Config}, nil
	}

	for _, d := range a.manifest.Layers {
		if d.Digest == h {
			return &archiveBlob{tar: a.tar, desc: d}, nil
		}
	}
	return nil, fmt.Errorf("finding layer %s: not in the manifest", h)
}

// archiveBlob is one layer or config blob inside the archive.
type archiveBlob struct {
	tar  *tarIndex
	desc v1.Descriptor
}

func (b *archiveBlob) Digest() (v1.Hash, error) { return b.desc.Digest, nil }

func (b *archiveBlob) Size() (int64, error) { return b.desc.Size, nil }

func (b *archiveBlob) MediaType() (types.MediaType, error) { return b.desc.MediaType, nil }

// Descriptor keeps the manifest's URLs and annotations on the layer.
func (b *archiveBlob) Descriptor() (*v1.Descriptor, error) {
	d := b.desc
	return &d, nil
}

// Compressed opens the blob; a blob missing from the archive yields an
// error matching fs.ErrNotExist.
func (b *archiveBlob) Compressed() (io.ReadCloser, error) {
	sr, err := b.tar.open(blobName(b.desc.Digest))
	if err != nil {
		return nil, err
	}
	return io.NopCloser(sr), nil
}

// Exists reports whether the archive holds the blob.
func (b *archiveBlob) Exists() (bool, error) {
	return b.tar.has(blobName(b.desc.Digest)), nil
}
