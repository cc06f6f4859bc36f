package main

import (
	"io"
	"os"

	v1 "github.com/google/go-containerregistry/pkg/v1"
	"github.com/google/go-containerregistry/pkg/v1/partial"
	"github.com/google/go-containerregistry/pkg/v1/types"
)

// blobFile is a gzip layer blob on disk whose digests were computed while
// it was written, so that nothing reads it again to learn them.
type blobFile struct {
	path           string
	digest, diffID v1.Hash
	size           int64
}

func fileLayer(p string, digest, diffID v1.Hash, size int64) (v1.Layer, error) {
	return partial.CompressedToLayer(&blobFile{path: p, digest: digest, diffID: diffID, size: size})
}

func (b *blobFile) Digest() (v1.Hash, error) { return b.digest, nil }

func (b *blobFile) DiffID() (v1.Hash, error) { return b.diffID, nil }

func (b *blobFile) Size() (int64, error) { return b.size, nil }

func (b *blobFile) MediaType() (types.MediaType, error) { return types.DockerLayer, nil }

func (b *blobFile) Compressed() (io.ReadCloser, error) { return os.Open(b.path) }
