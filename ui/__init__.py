"""The Streamlit chat of the Model Advisor (``streamlit run ui/app.py``)."""
