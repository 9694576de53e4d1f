"""The only package under lib that imports streamlit: cached state, sidebar, blocks, one module per section."""
