"""The bundled demo: a fictional company site with known flaws, served on 127.0.0.1."""
