package layers

import (
	"archive/tar"
	"context"
	"errors"
	"io"
	"strings"
)

// skipper counts the bytes read through it and lets
// tar.Reader skip the unread data of an entry through Seek, reading the
// bytes through so that hashes above still see them. A sparse file is left
// to that skip: tar.Reader then passes only the bytes the archive stores,
// where reading the file would produce every zero of its holes, which for a
// 1 TiB apparent size takes hours.
type skipper struct {
	r   io.Reader
	ctx context.Context
	n   int64
	// end is where the data of the entry that tar.Reader skipped last ends;
	// 0 when it skipped nothing through Seek.
	end int64
	buf []byte
}

func (s *skipper) Read(p []byte) (int, error) {
	n, err := s.r.Read(p)
	s.n += int64(n)
	return n, err
}

// Seek moves forward from the current offset only. tar.Reader seeks to the
// last byte of an entry's data and reads that byte itself, so the data
// ends one byte past where a skip lands.
func (s *skipper) Seek(off int64, whence int) (int64, error) {
	if whence != io.SeekCurrent || off < 0 {
		return s.n, errors.New("seeking layer: only forward from the current offset")
	}
	if off == 0 {
		return s.n, nil
	}
	if s.buf == nil {
		s.buf = make([]byte, drainSize)
	}

	for off > 0 {
		if err := s.ctx.Err(); err != nil {
			return s.n, err
		}
		m, err := io.ReadFull(s, s.buf[:min(off, int64(len(s.buf)))])
		off -= int64(m)
		if errors.Is(err, io.EOF) {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			return s.n, err
		}
	}
	s.end = s.n + 1
	return s.n, nil
}

// skipped is a sparse file whose data the next header skips, where that
// data starts, and how far the walk read it itself.
type skipped struct {
	e     *Entry
	start int64
	read  int64
}

// settle sets the stored bytes of a sparse file once tar.Reader skipped
// the rest of its data. When that rest was a single byte, tar.Reader reads
// it without seeking and Stored comes out one byte short.
func (sk *skipped) settle(res *blobRead, s *skipper) {
	if sk.e == nil {
		return
	}
	stored := sk.read - sk.start
	if s.end > 0 {
		stored = s.end - sk.start
	}
	sk.e.Stored = stored
	res.bytes += stored
	sk.e = nil
}

// isSparse reports whether a header is a GNU sparse file, in the old GNU
// format or in any of the PAX ones.
func isSparse(hdr *tar.Header) bool {
	if hdr.Typeflag == tar.TypeGNUSparse {
		return true
	}
	for k := range hdr.PAXRecords {
		if strings.HasPrefix(k, "GNU.sparse.") {
			return true
		}
	}
	return false
}
