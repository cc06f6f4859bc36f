package main

import (
	"bufio"
	"math/rand/v2"
)

// Kinds of file content. Text compresses about four to one, as source code,
// documentation and package lists do; binary about two to one, as shared
// libraries and executables do; packed hardly at all, as archives and
// images do.
const (
	text = iota
	binary
	packed
)

// vocabulary is the made-up words text is written in, the same on every run.
var vocabulary = makeVocabulary(2048)

func makeVocabulary(n int) []string {
	const letters = "etaoinshrdlucmfwypvbgkqjxz_"
	rng := rand.New(rand.NewPCG(1, 2))
	words := make([]string, n)
	for i := range words {
		b := make([]byte, 2+rng.IntN(9))
		for j := range b {
			b[j] = letters[min(rng.IntN(len(letters)), rng.IntN(len(letters)))]
		}
		words[i] = string(b)
	}
	return words
}

// writeContent writes size bytes of the given kind, drawn from rng.
func writeContent(w *bufio.Writer, kind int, size int64, rng *rand.Rand) error {
	switch kind {
	case text:
		return writeText(w, size, rng)
	case packed:
		return writeRandom(w, size, rng)
	}
	return writeBinary(w, size, rng)
}

// writeText writes lines of words with a skewed choice of words, and now
// and then repeats a recent line, as prose and code do.
func writeText(w *bufio.Writer, size int64, rng *rand.Rand) error {
	var recent [16][]byte
	var line []byte
	for n := int64(0); n < size; n += int64(len(line)) {
		slot := rng.IntN(len(recent))
		if recent[slot] != nil && rng.IntN(4) == 0 {
			line = recent[slot]
		} else {
			line = textLine(rng)
			recent[slot] = line
		}

		if _, err := w.Write(line[:min(int64(len(line)), size-n)]); err != nil {
			return err
		}
	}
	return nil
}

// textLine is one line of words, indented now and then.
func textLine(rng *rand.Rand) []byte {
	line := make([]byte, 0, 80)
	for range rng.IntN(3) {
		line = append(line, "    "...)
	}
	for len(line) < 60 {
		i := min(rng.IntN(len(vocabulary)), rng.IntN(len(vocabulary)), rng.IntN(len(vocabulary)))
		line = append(line, vocabulary[i]...)
		line = append(line, ' ')
	}
	return append(line, '\n')
}

// writeBinary writes 64-byte blocks: some random, some zero, some small
// integers as code and tables are, and some repeating a recent block.
func writeBinary(w *bufio.Writer, size int64, rng *rand.Rand) error {
	var recent [64][64]byte
	var block [64]byte
	for n := int64(0); n < size; n += int64(len(block)) {
		switch r := rng.IntN(20); {
		case r < 3:
			fillRandom(block[:], rng)
		case r < 6:
			clear(block[:])
		case r < 12:
			block = recent[rng.IntN(len(recent))]
		default:
			for i := range block {
				block[i] = byte(min(rng.IntN(32), rng.IntN(32)))
			}
		}
		recent[rng.IntN(len(recent))] = block

		if _, err := w.Write(block[:min(int64(len(block)), size-n)]); err != nil {
			return err
		}
	}
	return nil
}

// writeRandom writes bytes that do not compress.
func writeRandom(w *bufio.Writer, size int64, rng *rand.Rand) error {
	var block [4096]byte
	for n := int64(0); n < size; n += int64(len(block)) {
		fillRandom(block[:], rng)
		if _, err := w.Write(block[:min(int64(len(block)), size-n)]); err != nil {
			return err
		}
	}
	return nil
}

func fillRandom(b []byte, rng *rand.Rand) {
	for i := 0; i+8 <= len(b); i += 8 {
		v := rng.Uint64()
		for j := range 8 {
			b[i+j] = byte(v >> (8 * j))
		}
	}
}
