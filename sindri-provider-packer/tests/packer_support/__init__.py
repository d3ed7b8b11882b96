"""Test support for sindri-provider-packer: stand-in cloud CLIs and real-part helpers."""
