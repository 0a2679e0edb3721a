"""One cell into a typed value: text cleaned, dates, Yes/No, money, numbers and registration numbers."""
