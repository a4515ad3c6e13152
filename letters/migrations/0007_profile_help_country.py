from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("letters", "0006_forget_axes_post_data"),
    ]

    operations = [
        migrations.AddField(
            model_name="profile",
            name="help_country",
            field=models.CharField(blank=True, default="", max_length=2),
        ),
    ]
